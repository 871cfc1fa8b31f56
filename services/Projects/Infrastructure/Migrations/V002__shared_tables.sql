-- The tables of the shared infrastructure (ServiceDefaults) that not every service needs: the stored answers of
-- idempotent create commands (Idempotency-Key, kept 24 hours) and the progress of file imports, which replicas share
-- so the portal may poll any of them. The same script is V002 of every service that uses them.

CREATE TABLE idempotent_requests (
    subject varchar(128) NOT NULL,
    idempotency_key varchar(128) NOT NULL,
    request_hash char(64) NOT NULL,
    -- Null while the first request is still running: a repeat meanwhile is told so (409).
    status_code integer,
    content_type varchar(128),
    location text,
    response_body text,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (subject, idempotency_key)
);

-- Expired keys are deleted by age.
CREATE INDEX ix_idempotent_requests_created_at ON idempotent_requests (created_at);

CREATE TABLE import_jobs (
    id uuid PRIMARY KEY,
    kind varchar(64) NOT NULL,
    file_name varchar(260) NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    total integer NOT NULL DEFAULT 0,
    processed integer NOT NULL DEFAULT 0,
    imported integer NOT NULL DEFAULT 0,
    -- The first 1,000 row errors; error_count counts all of them.
    errors jsonb NOT NULL DEFAULT '[]',
    error_count integer NOT NULL DEFAULT 0,
    started_by varchar(128) NOT NULL,
    started_by_name varchar(128),
    organisation_id varchar(64),
    region_code varchar(12),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE INDEX ix_import_jobs_started_by ON import_jobs (started_by, started_at);
