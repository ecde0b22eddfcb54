-- The seats of each booking. PostgreSQL is the source of truth: one active (pending or
-- confirmed) booking per seat of a showtime, whatever Redis says, even if it was flushed.
CREATE TABLE booking_seats (
    booking_id  uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    showtime_id uuid NOT NULL,
    seat_id     uuid NOT NULL,
    seat_label  text NOT NULL,
    seat_type   text NOT NULL,
    price       numeric(12, 2) NOT NULL CHECK (price >= 0),
    -- False once the booking is cancelled or expired: the seat is free again.
    active      boolean NOT NULL DEFAULT true,
    PRIMARY KEY (booking_id, seat_id)
);

CREATE UNIQUE INDEX booking_seats_one_active_booking
    ON booking_seats (showtime_id, seat_id) WHERE active;

CREATE INDEX bookings_pending_expiry_idx ON bookings (expires_at) WHERE status = 'pending';
