-- The catalog of films. Field names follow the original API (`genre`, `rating`, `is_active`);
-- richer fields sit beside them.
CREATE TABLE movies (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug             text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title            text NOT NULL CHECK (length(btrim(title)) > 0),
    description      text NOT NULL DEFAULT '',
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
    genres           text[] NOT NULL DEFAULT '{}',
    language         text NOT NULL,
    age_rating       text NOT NULL DEFAULT 'P',
    rating           numeric(3, 1) CHECK (rating BETWEEN 0 AND 10),
    release_date     date NOT NULL,
    poster_url       text,
    trailer_url      text,
    director         text NOT NULL DEFAULT '',
    "cast"           text[] NOT NULL DEFAULT '{}',
    status           text NOT NULL DEFAULT 'now_showing'
                     CHECK (status IN ('now_showing', 'coming_soon', 'archived')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX movies_status_release_idx ON movies (status, release_date DESC);
