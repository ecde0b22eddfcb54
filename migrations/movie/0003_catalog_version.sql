-- The catalog's version, bumped by every write. Cached reads are keyed on (instance, version),
-- so a write makes them stale at once; `instance` tells apart two databases (or two lives of
-- one database) that share a cache.
CREATE TABLE catalog_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    instance  uuid NOT NULL DEFAULT gen_random_uuid(),
    version   bigint NOT NULL DEFAULT 0
);

INSERT INTO catalog_version DEFAULT VALUES;
