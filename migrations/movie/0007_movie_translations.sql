-- A film's title and description in other languages than the catalog's own (English):
-- {"vi": {"title": "...", "description": "..."}}. A language without one shows the English.
ALTER TABLE movies ADD COLUMN translations jsonb NOT NULL DEFAULT '{}';
