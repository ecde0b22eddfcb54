-- Payments. Card numbers are never stored: brand and last four digits only.
CREATE TABLE payments (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    booking_id      uuid NOT NULL,
    user_id         uuid NOT NULL,
    amount          numeric(12, 2) NOT NULL CHECK (amount > 0),
    payment_method  text NOT NULL,
    card_brand      text,
    card_last4      text CHECK (card_last4 ~ '^[0-9]{4}$'),
    transaction_id  text,
    idempotency_key text NOT NULL UNIQUE,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'partially_refunded')),
    payment_date    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_booking_idx ON payments (booking_id);
