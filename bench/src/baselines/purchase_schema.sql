-- The tables the least SQL of a purchase works on (`purchase.sql`), in a schema of their own in
-- the pgbench scratch database, made afresh for each run and dropped after it. Each is the
-- least of its counterpart in the services' databases: the same keys and the same unique index
-- that makes a double booking impossible, none of the other columns.
DROP SCHEMA IF EXISTS purchase_floor CASCADE;
CREATE SCHEMA purchase_floor;

CREATE TABLE purchase_floor.cancelled_showtimes (showtime_id int PRIMARY KEY);

CREATE TABLE purchase_floor.bookings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    showtime_id int NOT NULL,
    user_id int NOT NULL,
    status text NOT NULL,
    total_price numeric(12, 2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE purchase_floor.seats;

CREATE TABLE purchase_floor.booking_seats (
    booking_id uuid NOT NULL REFERENCES purchase_floor.bookings,
    showtime_id int NOT NULL,
    seat_id bigint NOT NULL,
    active boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX one_active_booking_a_seat
    ON purchase_floor.booking_seats (showtime_id, seat_id) WHERE active;

CREATE TABLE purchase_floor.payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    booking_id uuid NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    status text NOT NULL,
    amount numeric(12, 2) NOT NULL,
    transaction_id text
);

CREATE TABLE purchase_floor.outbox (
    id bigserial PRIMARY KEY,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    published_at timestamptz
);

CREATE TABLE purchase_floor.processed_events (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE purchase_floor.notices (
    id bigserial PRIMARY KEY,
    user_id int NOT NULL,
    subject text NOT NULL
);
