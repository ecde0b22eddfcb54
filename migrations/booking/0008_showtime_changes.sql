-- A showtime the cinema is moving (to another film, hall or time): while a row names it, and
-- until `until` (should the catalog never say it is done), no booking is taken for it. The row is
-- written under the same per-showtime lock as bookings, after making sure none is on.
CREATE TABLE showtime_changes (
    showtime_id uuid PRIMARY KEY,
    until       timestamptz NOT NULL
);
