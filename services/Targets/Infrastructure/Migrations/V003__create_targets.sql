-- Target sets (绩效目标表) with their indicators, review comments, frozen earlier revisions/versions, the indicator
-- library (指标库) and templates (精品样本).
--
-- Sizes designed for: one county-level city files ~35,000 sets with ~130,000 indicators a year; a province ~1,000,000
-- sets. Region codes use the "C" collation so that the region scope (a prefix match, region_code LIKE '1403%') is a
-- btree range scan.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE target_sets (
    id uuid PRIMARY KEY,
    -- Shared by every version of the same set (adjustments create a new row); the first version's id.
    lineage_id uuid NOT NULL,
    owner_type varchar(16) NOT NULL CHECK (owner_type IN ('project', 'policy', 'department')),
    project_id uuid,
    owner_name varchar(200) NOT NULL,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    region_code varchar(12) COLLATE "C" NOT NULL,
    region_name varchar(64) NOT NULL,
    department_id varchar(64) NOT NULL,
    department_name varchar(128) NOT NULL,
    unit_id varchar(64),
    unit_name varchar(128),
    amount numeric(18,2) CHECK (amount >= 0),
    overall_goal text,
    set_version integer NOT NULL DEFAULT 1,
    revision integer NOT NULL DEFAULT 1,
    status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'DEPT_REVIEWED', 'FIN_REVIEW', 'APPROVED', 'ISSUED', 'PUBLISHED', 'ACTIVE', 'ADJUSTING', 'CLOSED')),
    is_key boolean NOT NULL DEFAULT false,
    -- Kept with the indicators so that lists never join or count them.
    total_points numeric(9,2) NOT NULL DEFAULT 0,
    indicator_count integer NOT NULL DEFAULT 0,
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    approved_at timestamptz,
    issued_at timestamptz,
    published_at timestamptz
);

-- The review list of finance staff, newest first: a county's scope is its own code (equality), so with year and
-- status (or year alone) a page is the first rows of one of these indexes, and its count an index-only scan.
CREATE INDEX ix_target_sets_review ON target_sets (region_code, year, status, updated_at DESC, id DESC);
CREATE INDEX ix_target_sets_recent ON target_sets (region_code, year, updated_at DESC, id DESC);
-- The lists of a department filer (their department and its units) and a unit filer.
CREATE INDEX ix_target_sets_department ON target_sets (department_id, year, status, updated_at DESC, id DESC);
CREATE INDEX ix_target_sets_unit ON target_sets (unit_id, year, status) WHERE unit_id IS NOT NULL;
CREATE INDEX ix_target_sets_lineage ON target_sets (lineage_id, set_version);
-- One live set per project: an adjustment's old version (ADJUSTING) and closed versions do not count.
CREATE UNIQUE INDEX ux_target_sets_live_project ON target_sets (project_id)
    WHERE project_id IS NOT NULL AND status NOT IN ('CLOSED', 'ADJUSTING');
-- A project's sets in any state (by-project, the duplicate checks of filing and import).
CREATE INDEX ix_target_sets_project ON target_sets (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX ix_target_sets_published ON target_sets (year, region_code, updated_at DESC) WHERE status = 'PUBLISHED';
CREATE INDEX ix_target_sets_key ON target_sets (region_code, year) WHERE is_key;
CREATE INDEX ix_target_sets_owner_name ON target_sets USING gin (owner_name gin_trgm_ops);

CREATE TABLE indicators (
    id uuid PRIMARY KEY,
    set_id uuid NOT NULL REFERENCES target_sets (id) ON DELETE CASCADE,
    ordinal integer NOT NULL,
    level1 varchar(16) NOT NULL,
    level2 varchar(16) NOT NULL,
    name varchar(200) NOT NULL,
    value_kind varchar(16) NOT NULL CHECK (value_kind IN ('quantitative', 'qualitative')),
    comparator varchar(2) CHECK (comparator IN ('=', '>=', '<=', '>', '<')),
    target_value numeric(18,4),
    unit varchar(32),
    direction varchar(16) NOT NULL CHECK (direction IN ('positive', 'negative')),
    explanation text,
    data_source text,
    points numeric(7,2) NOT NULL DEFAULT 0,
    -- [{"label":"达成","minRatio":0.8,"maxRatio":1.0}, ...] for qualitative indicators.
    bands jsonb,
    library_entry_id uuid
);

CREATE INDEX ix_indicators_set ON indicators (set_id, ordinal);

CREATE TABLE review_comments (
    id uuid PRIMARY KEY,
    set_id uuid NOT NULL REFERENCES target_sets (id) ON DELETE CASCADE,
    -- Not a foreign key: the comment outlives an indicator the filer removes in a later revision (the snapshot has it).
    indicator_id uuid,
    revision integer NOT NULL,
    stage varchar(16) NOT NULL,
    comment text NOT NULL,
    reviewer_id varchar(64) NOT NULL,
    reviewer_name varchar(128) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_review_comments_set ON review_comments (set_id, indicator_id, created_at);

-- Earlier revisions (rejected) and versions (adjusted) exactly as they were, read-only.
CREATE TABLE target_set_revisions (
    id uuid PRIMARY KEY,
    set_id uuid NOT NULL,
    lineage_id uuid NOT NULL,
    region_code varchar(12) COLLATE "C" NOT NULL,
    set_version integer NOT NULL,
    revision integer NOT NULL,
    status varchar(16) NOT NULL,
    reason text,
    snapshot jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_target_set_revisions_lineage ON target_set_revisions (lineage_id, set_version, revision);

CREATE SEQUENCE library_entry_code_seq;

CREATE TABLE library_entries (
    id uuid PRIMARY KEY,
    -- Shared by every version of an entry (ZB + sequence).
    code varchar(32) NOT NULL,
    scope varchar(16) NOT NULL CHECK (scope IN ('common', 'specific')),
    sector varchar(64),
    department_id varchar(64),
    department_name varchar(128),
    level1 varchar(16) NOT NULL,
    level2 varchar(16) NOT NULL,
    name varchar(200) NOT NULL,
    value_kind varchar(16) NOT NULL CHECK (value_kind IN ('quantitative', 'qualitative')),
    comparator varchar(2) CHECK (comparator IN ('=', '>=', '<=', '>', '<')),
    reference_value numeric(18,4),
    unit varchar(32),
    direction varchar(16) NOT NULL CHECK (direction IN ('positive', 'negative')),
    explanation text,
    source text,
    attribute varchar(64),
    entry_version integer NOT NULL DEFAULT 1,
    status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'DEPT_CONFIRMED', 'EXPERT_APPROVED', 'PUBLISHED', 'RETIRED')),
    region_code varchar(12) COLLATE "C" NOT NULL,
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX ux_library_entries_code_version ON library_entries (code, entry_version);
CREATE INDEX ix_library_entries_region ON library_entries (region_code, status, level1, level2);
-- Search by name or explanation (ILIKE '%…%').
CREATE INDEX ix_library_entries_name ON library_entries USING gin (name gin_trgm_ops);
CREATE INDEX ix_library_entries_explanation ON library_entries USING gin (explanation gin_trgm_ops);

CREATE TABLE templates (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL,
    owner_type varchar(16) NOT NULL CHECK (owner_type IN ('project', 'policy', 'department')),
    sector varchar(64),
    source_set_id uuid NOT NULL,
    -- The indicators as IndicatorDto JSON, without ids and comments.
    indicators jsonb NOT NULL,
    region_code varchar(12) COLLATE "C" NOT NULL,
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_templates_region ON templates (region_code, owner_type);
CREATE INDEX ix_templates_name ON templates USING gin (name gin_trgm_ops);
