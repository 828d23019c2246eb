-- Licence headers of the tips' source files (docs/estate.md, "Licence
-- headers"): one row per source file examined, so that a page can list a
-- repository's files without one and a share can be computed per
-- repository, across repositories, or per folder or kind of file. Written
-- with the tip, in the same transaction, and replaced with it.
CREATE TABLE licence_headers (
    repository_id  INTEGER NOT NULL,
    path           VARCHAR NOT NULL,
    header         VARCHAR,                -- spdx, notice; NULL: none
    spdx           VARCHAR,                -- an SPDX-License-Identifier's expression, as written
    PRIMARY KEY (repository_id, path)
);

-- How many source files a tip's reading examined: NULL for a tip read
-- before licence headers were looked for (it is read again by the next
-- run), which is not the same as a tip without source files.
ALTER TABLE repository_tips ADD COLUMN source_files INTEGER;
