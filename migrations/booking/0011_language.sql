-- The language the booking was made in (the `Accept-Language` of the request that took it),
-- so its emails and notices speak it; NULL for bookings from before, which get the default.
ALTER TABLE bookings ADD COLUMN language varchar(35);
