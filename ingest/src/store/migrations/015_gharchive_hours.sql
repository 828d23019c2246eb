-- The GH Archive hours each source has stored whole: the next run does not
-- read them again. An hour that broke off, or could not be had, has no row
-- and is read again. A row keeps which repositories were kept (the source's
-- organisations and repositories, as they were) and the file's size, so that
-- a source kept to other repositories, or an hour file replaced by another,
-- reads the hour again.
CREATE TABLE gharchive_hours (
    source     VARCHAR NOT NULL,   -- the source's name, gharchive:<folder or address>
    hour       VARCHAR NOT NULL,   -- the hour file's name, 2015-01-01-15.json.gz
    kept       VARCHAR NOT NULL,   -- which repositories' events were kept
    bytes      BIGINT NOT NULL,    -- the file's size when it was read
    events     BIGINT NOT NULL,    -- the lines read
    stored_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, hour)
);
