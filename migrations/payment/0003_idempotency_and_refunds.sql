-- What a payment needs beyond the original's columns: why it failed, and how much of it has
-- been given back.
ALTER TABLE payments
    ADD COLUMN failure_reason  text,
    ADD COLUMN refunded_amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    ADD CONSTRAINT payments_refund_within_amount CHECK (refunded_amount <= amount);

-- Idempotency keys, per caller and kind of request: the first request's fingerprint and, once
-- it is done, its answer, which every replay gets back.
CREATE TABLE idempotency_keys (
    scope           text NOT NULL,
    user_id         uuid NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    text NOT NULL,
    response_status integer,
    response_body   jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, user_id, key)
);

CREATE TABLE refunds (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    payment_id uuid NOT NULL REFERENCES payments (id),
    amount     numeric(12, 2) NOT NULL CHECK (amount > 0),
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC);

-- One live payment a booking: a second attempt while one is being charged, or after one
-- succeeded, is refused by the database itself.
CREATE UNIQUE INDEX payments_one_live_per_booking ON payments (booking_id)
    WHERE status IN ('pending', 'completed', 'partially_refunded', 'refunded');
