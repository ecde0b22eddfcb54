-- Showtimes the cinema has cancelled (from `showtime.cancelled`): no booking is taken for them,
-- even one that checked the catalog just before the cancellation arrived.
CREATE TABLE cancelled_showtimes (
    showtime_id  uuid PRIMARY KEY,
    cancelled_at timestamptz NOT NULL DEFAULT now()
);
