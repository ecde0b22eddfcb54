-- Wheelchair spaces and companion seats are held back from general sale: only sold as such
-- (a wheelchair space to a guest who needs it, a companion seat with the space beside it) until
-- the cinema's release rule frees them for anyone:
-- `timed`: `accessible_release_minutes` before the show (the UK practice);
-- `rest_sold`: once every other seat of the showtime is sold (the US ADA rule).
ALTER TABLE cinemas
    ADD COLUMN accessible_release text NOT NULL DEFAULT 'timed'
        CHECK (accessible_release IN ('timed', 'rest_sold')),
    ADD COLUMN accessible_release_minutes integer NOT NULL DEFAULT 60
        CHECK (accessible_release_minutes BETWEEN 0 AND 10080);
