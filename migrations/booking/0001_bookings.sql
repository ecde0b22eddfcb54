-- Bookings of seats for a showtime. The showtime and user live in other services' databases,
-- so they are referenced by id only.
CREATE TABLE bookings (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    booking_code   text NOT NULL UNIQUE,
    user_id        uuid NOT NULL,
    showtime_id    uuid NOT NULL,
    total_seats    integer NOT NULL CHECK (total_seats BETWEEN 1 AND 10),
    total_price    numeric(12, 2) NOT NULL CHECK (total_price >= 0),
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'confirmed', 'cancelled', 'expired')),
    payment_status text NOT NULL DEFAULT 'unpaid'
                   CHECK (payment_status IN ('unpaid', 'paid', 'refunded')),
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC);
