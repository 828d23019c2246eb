-- The GGI scorecard (docs/governance.md): an OSPO's decisions on the
-- activities of the OSPO Alliance's Good Governance Initiative handbook,
-- and what Vigie measured for them at the end of each ingest run. Both are
-- kept, never overwritten: the page shows who decided what and when, and
-- how the evidence moved from run to run.

CREATE SEQUENCE ggi_decision_ids START 1;

CREATE TABLE ggi_decisions (
    id           BIGINT PRIMARY KEY DEFAULT nextval('ggi_decision_ids'),
    activity     INTEGER NOT NULL,        -- 23 for GGI-A-23
    status       VARCHAR NOT NULL,        -- not_started, in_progress, done (the board's keys)
    notes        VARCHAR NOT NULL,        -- Markdown, as typed
    decided_by   VARCHAR NOT NULL,        -- the signed-in account
    decided_at   TIMESTAMP NOT NULL       -- UTC
);

CREATE TABLE ggi_evidence (
    run_id       BIGINT NOT NULL,         -- the ingest run it was measured after
    measured_at  TIMESTAMP NOT NULL,      -- UTC
    activity     INTEGER NOT NULL,
    measure      VARCHAR NOT NULL,        -- its key: dependencies_read, reviewed_share, ...
    value        DOUBLE NOT NULL,
    PRIMARY KEY (run_id, activity, measure)
);
