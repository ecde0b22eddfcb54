-- Seats given back one by one: a confirmed booking can cancel some of its seats (refunded at
-- their price), keeping the rest. Such a seat keeps its row, marked with when it was cancelled,
-- so the booking still shows what was bought and given back.
ALTER TABLE booking_seats ADD COLUMN cancelled_at timestamptz;

-- Each reissue of a booking's e-ticket (after some of its seats are cancelled) counts up: a
-- ticket names the generation it was issued at, and only the current one is let in.
ALTER TABLE bookings ADD COLUMN ticket_generation integer NOT NULL DEFAULT 0
    CHECK (ticket_generation >= 0);
