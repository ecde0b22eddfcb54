-- Sales at the box office, and tickets let in at the door.
-- A box-office booking belongs to the staff member who sold it (walk-in customers have no
-- account) and may name its customer; its contact email is the customer's, if given.
ALTER TABLE bookings
    ADD COLUMN sales_channel text NOT NULL DEFAULT 'online'
        CHECK (sales_channel IN ('online', 'box_office')),
    ADD COLUMN sold_by       uuid,
    ADD COLUMN customer_name text CHECK (length(customer_name) <= 100),
    -- Set once, by the first scan that admits the ticket (see `admit` in the booking service).
    ADD COLUMN admitted_at   timestamptz,
    ADD COLUMN admitted_by   uuid,
    ADD CONSTRAINT bookings_admitted_with_whom CHECK ((admitted_at IS NULL) = (admitted_by IS NULL)),
    ADD CONSTRAINT bookings_sold_by_at_the_counter
        CHECK ((sales_channel = 'box_office') = (sold_by IS NOT NULL));

-- The door's count of a showtime: its confirmed bookings.
CREATE INDEX bookings_showtime_confirmed_idx ON bookings (showtime_id) WHERE status = 'confirmed';
