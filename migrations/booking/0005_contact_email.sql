-- Where to write to about a booking: the account's email when it was made (from the token),
-- carried on the booking's events for the notification service.
ALTER TABLE bookings ADD COLUMN contact_email text;
