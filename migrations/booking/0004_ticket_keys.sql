-- The key e-tickets are signed with (Ed25519 seed). Made on first use unless
-- TICKET_SIGNING_KEY provides one; staff devices verify tickets with its public half.
CREATE TABLE ticket_keys (
    id         serial PRIMARY KEY,
    seed       bytea NOT NULL CHECK (length(seed) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
