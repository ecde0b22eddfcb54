-- A walk-in customer at the box office has no account, so no notices: their ticket is an email
-- alone, with no notification behind it.
ALTER TABLE emails ALTER COLUMN notification_id DROP NOT NULL;
