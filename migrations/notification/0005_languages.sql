-- Notices keep the values they name, so the web app can say them again in the reader's
-- language; contacts keep the language of the person's latest booking, for events (a refund)
-- that do not carry one.
ALTER TABLE notifications ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
ALTER TABLE user_contacts ADD COLUMN language varchar(35);
