-- The estate (docs/estate.md): what each repository is made of, read from
-- the tip of its default branch and from its refs, without a checkout.
-- A repository without a row in repository_tips has no contents read (a
-- git-log source): pages say so instead of showing zeros.

-- The tip last read. refs_position is every ref as read: the same next
-- time, nothing is read again.
CREATE TABLE repository_tips (
    repository_id  INTEGER PRIMARY KEY,
    branch         VARCHAR NOT NULL,
    commit_sha     VARCHAR NOT NULL,
    committed_at   TIMESTAMP,              -- UTC
    refs_position  VARCHAR NOT NULL,
    files          INTEGER NOT NULL,       -- every file of the tree
    bytes          BIGINT NOT NULL,
    read_at        TIMESTAMP NOT NULL
);

-- Branches and tags; tags with their dates are the release history.
CREATE TABLE repository_refs (
    repository_id  INTEGER NOT NULL,
    kind           VARCHAR NOT NULL,       -- branch, tag
    name           VARCHAR NOT NULL,       -- develop, v7.0.2
    commit_sha     VARCHAR NOT NULL,       -- an annotated tag's target
    dated_at       TIMESTAMP,              -- UTC: the tag's date, else its commit's
    is_default     BOOLEAN NOT NULL,
    PRIMARY KEY (repository_id, kind, name)
);

-- The files of the tip that have a role (estate/roles.rs); the others are
-- only counted in repository_tips.
CREATE TABLE tip_files (
    repository_id  INTEGER NOT NULL,
    path           VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,       -- pom, readme, licence, java, i18n, ...
    size           BIGINT NOT NULL,
    content        VARCHAR,                -- text of poms, community files, configurations
    truncated      BOOLEAN NOT NULL,       -- content cut at the store's limit
    java_api       VARCHAR,                -- javax, jakarta, both (Java files)
    language       VARCHAR,                -- a translation's language (fr, pt-BR)
    licence        VARCHAR,                -- a licence file's SPDX identifier
    licence_score  DOUBLE,                 -- how closely its text matched (0 to 1)
    PRIMARY KEY (repository_id, path)
);

-- The Maven modules of every tip (each pom.xml in tip_files), with their
-- properties interpolated, the parent's too when the parent is in the
-- estate. Derived again from the kept poms whenever a tip changes.
CREATE TABLE maven_modules (
    repository_id  INTEGER NOT NULL,
    path           VARCHAR NOT NULL,       -- the pom's path
    group_id       VARCHAR,
    artifact_id    VARCHAR NOT NULL,
    version        VARCHAR,
    packaging      VARCHAR NOT NULL,
    parent         VARCHAR,                -- groupId:artifactId:version
    name           VARCHAR,
    licences       VARCHAR,                -- <licenses>: SPDX identifiers, else names; one a line
    problems       VARCHAR,                -- what could not be read or resolved, in words
    PRIMARY KEY (repository_id, path)
);

-- What each module declares it depends on.
CREATE TABLE maven_dependencies (
    repository_id  INTEGER NOT NULL,
    path           VARCHAR NOT NULL,       -- the declaring pom
    group_id       VARCHAR NOT NULL,
    artifact_id    VARCHAR NOT NULL,
    version        VARCHAR,                -- as declared once interpolated: a version or a range
    scope          VARCHAR NOT NULL,       -- compile, provided, runtime, test, system, import
    managed        BOOLEAN NOT NULL,       -- declared in <dependencyManagement>
    optional       BOOLEAN NOT NULL
);
