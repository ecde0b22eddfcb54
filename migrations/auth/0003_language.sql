-- The language a person chose for Marquee's pages, emails and notices (a BCP 47 tag such as
-- `vi` or `en`); NULL until they choose, when the browser's languages decide.
ALTER TABLE users ADD COLUMN language varchar(35);
