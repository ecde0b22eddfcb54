-- Ed25519 keys that sign access tokens. Only the auth service's database holds the private
-- halves; the public halves are published at /.well-known/jwks.json. The newest active key
-- signs; retired keys stay published until every token they signed has expired.
CREATE TABLE signing_keys (
    kid         text PRIMARY KEY,
    private_key bytea NOT NULL,
    public_key  bytea NOT NULL CHECK (length(public_key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

-- Refresh tokens, stored as SHA-256 hashes. Each login starts a family; every refresh uses the
-- presented token up and issues the next one in the same family. Presenting a used token again
-- means it was stolen: the whole family is revoked.
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id  uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
