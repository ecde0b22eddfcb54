-- When a showtime's wheelchair spaces and companion seats were first sold as ordinary seats
-- under the cinema's release rule (`timed` or `rest_sold`): the audit admins read.
CREATE TABLE accessible_releases (
    showtime_id uuid PRIMARY KEY,
    rule        text NOT NULL CHECK (rule IN ('timed', 'rest_sold')),
    released_at timestamptz NOT NULL DEFAULT now()
);
