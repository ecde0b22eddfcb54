-- Where to write to each user, learned from the booking events that carry it.
CREATE TABLE user_contacts (
    user_id    uuid PRIMARY KEY,
    email      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A notice may point somewhere in the web app (its booking's page).
ALTER TABLE notifications ADD COLUMN link text;

-- Emails to send: written with their notification, sent (and retried) by the mailer, so a
-- mail server that is down delays an email but never a booking.
CREATE TABLE emails (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    notification_id uuid NOT NULL REFERENCES notifications (id),
    to_address      text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emails_due_idx ON emails (next_attempt_at) WHERE status = 'pending';
