-- Cinemas (the original API calls them theaters), their halls with seat layouts, and showtimes.

-- Lets one exclusion constraint say "no two showtimes overlap in a hall".
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE cinemas (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name       text NOT NULL CHECK (length(btrim(name)) > 0),
    address    text NOT NULL,
    city       text NOT NULL,
    time_zone  text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A hall's layout is a grid: one string per row (rows A, B, C... from the screen back), one
-- character per cell: S standard, V VIP, C couple (always in pairs), W wheelchair space,
-- P companion seat, '.' aisle or gap. Seats are numbered from 1 along the row, gaps skipped.
-- `seats` is derived from the layout and is what showtimes and bookings refer to.
CREATE TABLE halls (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cinema_id  uuid NOT NULL REFERENCES cinemas (id) ON DELETE CASCADE,
    name       text NOT NULL,
    layout     text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cinema_id, name)
);

CREATE TABLE seats (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    hall_id     uuid NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    seat_row    text NOT NULL,
    seat_number integer NOT NULL CHECK (seat_number > 0),
    grid_row    integer NOT NULL,
    grid_column integer NOT NULL,
    seat_type   text NOT NULL
                CHECK (seat_type IN ('standard', 'vip', 'couple', 'wheelchair', 'companion')),
    -- The other half of a couple seat: the two are sold together.
    pair_with   integer,
    is_blocked  boolean NOT NULL DEFAULT false,
    UNIQUE (hall_id, seat_row, seat_number)
);

CREATE TABLE showtimes (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    movie_id          uuid NOT NULL REFERENCES movies (id),
    hall_id           uuid NOT NULL REFERENCES halls (id),
    starts_at         timestamptz NOT NULL,
    -- The film plus the cleaning buffer: the hall is busy until then.
    ends_at           timestamptz NOT NULL CHECK (ends_at > starts_at),
    format            text NOT NULL DEFAULT '2D' CHECK (format IN ('2D', '3D', 'IMAX')),
    audio_language    text NOT NULL,
    subtitle_language text,
    -- Price per seat type, in whole VND, e.g. {"standard": 90000, "vip": 120000}.
    prices            jsonb NOT NULL CHECK (jsonb_typeof(prices) = 'object' AND prices ? 'standard'),
    status            text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT showtimes_no_overlap EXCLUDE USING gist (
        hall_id WITH =, tstzrange(starts_at, ends_at) WITH &&
    ) WHERE (status = 'scheduled')
);

CREATE INDEX showtimes_movie_idx ON showtimes (movie_id, starts_at);
CREATE INDEX showtimes_starts_idx ON showtimes (starts_at);
