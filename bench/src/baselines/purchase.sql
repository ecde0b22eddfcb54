-- One purchase as pgbench runs it: the least SQL Marquee's design asks of a confirmed booking,
-- with nothing else (no HTTP, no Redis, no broker, no JSON). Each step is a rule of the design;
-- a pgbench "transaction" is the whole script. Left out, so this is a ceiling, not an
-- estimate: the hold (Redis), the outbox relays' reads and marks (taken as free, as if batched
-- without limit), the events' real payloads (a whole booking each), and the statements the
-- services make beyond these (see docs/PERFORMANCE.md).
\set showtime random(1, 400)
\set customer random(1, 100000)
-- The booking service books: serialised with cancelling the showtime, which must not be
-- cancelled; the seats' unique index refuses a double booking; `booking.created` is written
-- with it (the outbox).
BEGIN;
SELECT pg_advisory_xact_lock(:showtime);
SELECT EXISTS (SELECT 1 FROM purchase_floor.cancelled_showtimes WHERE showtime_id = :showtime);
INSERT INTO purchase_floor.bookings (showtime_id, user_id, status, total_price)
    VALUES (:showtime, :customer, 'pending', 90000) RETURNING id AS booking \gset
INSERT INTO purchase_floor.booking_seats (booking_id, showtime_id, seat_id)
    VALUES (:booking, :showtime, nextval('purchase_floor.seats'));
INSERT INTO purchase_floor.outbox (event_type, payload) VALUES ('booking.created', '{}');
COMMIT;
-- The payment service reads the booking (its status, expiry and price are the booking
-- service's), then records the attempt before the card is charged, so that no card is charged
-- twice.
SELECT status, total_price FROM purchase_floor.bookings WHERE id = :booking;
INSERT INTO purchase_floor.payments (booking_id, idempotency_key, status, amount)
    VALUES (:booking, gen_random_uuid()::text, 'pending', 90000) RETURNING id AS payment \gset
-- The charge's outcome, with `payment.completed`.
BEGIN;
UPDATE purchase_floor.payments SET status = 'completed', transaction_id = 'charged'
    WHERE id = :payment AND status = 'pending';
INSERT INTO purchase_floor.outbox (event_type, payload) VALUES ('payment.completed', '{}');
COMMIT;
-- The booking service confirms it: the event applied once (deliveries are at least once),
-- `booking.confirmed` written with it.
BEGIN;
INSERT INTO purchase_floor.processed_events (consumer, event_id) VALUES ('booking', gen_random_uuid());
UPDATE purchase_floor.bookings SET status = 'confirmed' WHERE id = :booking AND status = 'pending';
INSERT INTO purchase_floor.outbox (event_type, payload) VALUES ('booking.confirmed', '{}');
COMMIT;
-- The customer sees it confirmed.
SELECT status FROM purchase_floor.bookings WHERE id = :booking;
-- The notification service writes the confirmation notice, the event applied once.
BEGIN;
INSERT INTO purchase_floor.processed_events (consumer, event_id) VALUES ('notification', gen_random_uuid());
INSERT INTO purchase_floor.notices (user_id, subject) VALUES (:customer, 'Your booking is confirmed');
COMMIT;
