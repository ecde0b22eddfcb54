-- Seats kept for the box office. An admin marks seats of a showtime, or gives a cinema a number
-- of seats per showtime (the best of each hall's, when a showtime has none marked); online they
-- are not for sale until `counter_release_minutes` before the show.
ALTER TABLE cinemas
    ADD COLUMN counter_seats_per_showtime integer NOT NULL DEFAULT 0
        CHECK (counter_seats_per_showtime BETWEEN 0 AND 200),
    ADD COLUMN counter_release_minutes integer NOT NULL DEFAULT 30
        CHECK (counter_release_minutes BETWEEN 0 AND 10080);

CREATE TABLE showtime_counter_seats (
    showtime_id uuid NOT NULL REFERENCES showtimes (id) ON DELETE CASCADE,
    seat_id     uuid NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
    PRIMARY KEY (showtime_id, seat_id)
);
