-- The simulated card processor's own record of each charge, by the idempotency key the payment
-- service gives it (a real processor keeps this on its side): a key is charged at most once,
-- whoever asks later learns what became of it, and a key settled before its charge came through
-- (`voided`) is never charged.
CREATE TABLE simulated_processor_charges (
    key            text PRIMARY KEY,
    amount_cents   bigint NOT NULL,
    -- Exactly one of: charged (transaction id), declined (its code), voided.
    transaction_id text,
    decline        text,
    voided         boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);
