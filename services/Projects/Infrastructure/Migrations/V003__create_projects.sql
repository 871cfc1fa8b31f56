-- The 项目库: projects with their ex-ante assessments, the per-region rules, the joint budget review (batches and
-- items) and the result applications evaluations send. Every table carries region_code: the shared region scope
-- filters on it. Money is numeric(18,2) in 元.

CREATE TABLE projects (
    id uuid PRIMARY KEY,
    code varchar(32) NOT NULL UNIQUE,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    region_code varchar(12) NOT NULL,
    region_name varchar(64) NOT NULL,
    department_id varchar(64) NOT NULL,
    department_name varchar(128) NOT NULL,
    unit_id varchar(64),
    unit_name varchar(128),
    name varchar(200) NOT NULL,
    kind varchar(16) NOT NULL CHECK (kind IN ('project', 'policy', 'department')),
    is_new boolean NOT NULL,
    funding_source varchar(64) NOT NULL,
    requested_amount numeric(18, 2) NOT NULL CHECK (requested_amount >= 0),
    approved_amount numeric(18, 2) CHECK (approved_amount >= 0 AND approved_amount <= requested_amount),
    start_year integer NOT NULL,
    end_year integer NOT NULL,
    description text,
    contact_name varchar(64),
    contact_phone varchar(32),
    attachments jsonb NOT NULL DEFAULT '[]',
    status varchar(16) NOT NULL,
    ex_ante_required boolean NOT NULL DEFAULT false,
    ex_ante_outcome varchar(32),
    review_done boolean NOT NULL DEFAULT false,
    target_set_id uuid,
    target_set_status varchar(16),
    target_set_approved boolean NOT NULL DEFAULT false,
    target_set_approved_at timestamptz,
    budget_blocked boolean NOT NULL DEFAULT false,
    budget_blocked_reason text,
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_year >= start_year)
);

-- The list's filters: a region's year (by status), a department's year, a unit's year; newest first within them.
CREATE INDEX ix_projects_region_year_status ON projects (region_code, year, status);
CREATE INDEX ix_projects_department_year ON projects (department_id, year, region_code);
CREATE INDEX ix_projects_unit_year ON projects (unit_id, year) WHERE unit_id IS NOT NULL;
CREATE INDEX ix_projects_year_status ON projects (year, status);

-- Numbers handed out per (year, region): XM-2027-140322-000123. One row per pair, bumped atomically.
CREATE TABLE project_code_counters (
    year integer NOT NULL,
    region_code varchar(12) NOT NULL,
    last_value integer NOT NULL,
    PRIMARY KEY (year, region_code)
);

CREATE TABLE project_ex_ante (
    project_id uuid PRIMARY KEY REFERENCES projects (id),
    region_code varchar(12) NOT NULL,
    assessor_kind varchar(16) CHECK (assessor_kind IN ('finance', 'expert', 'agency')),
    assessor_name varchar(128),
    engagement_ref varchar(128),
    pass_mark numeric(5, 2) NOT NULL,
    outcome varchar(32) CHECK (outcome IN ('SUPPORTED', 'SUPPORTED_AFTER_ADJUSTMENT', 'NOT_SUPPORTED', 'RETURNED')),
    conclusion text,
    completed_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_project_ex_ante_region ON project_ex_ante (region_code);

CREATE TABLE project_ex_ante_scores (
    project_id uuid NOT NULL REFERENCES project_ex_ante (project_id) ON DELETE CASCADE,
    dimension varchar(16) NOT NULL CHECK (dimension IN ('necessity', 'economy', 'targets', 'feasibility', 'compliance')),
    region_code varchar(12) NOT NULL,
    max_points numeric(5, 2) NOT NULL,
    points numeric(5, 2) CHECK (points >= 0 AND points <= max_points),
    comment text,
    evidence text,
    PRIMARY KEY (project_id, dimension)
);

-- Per-region settings; a region without a row inherits the nearest ancestor's (county → city → province).
CREATE TABLE project_rules (
    region_code varchar(12) PRIMARY KEY,
    ex_ante_threshold numeric(18, 2) NOT NULL CHECK (ex_ante_threshold >= 0),
    ex_ante_new_only boolean NOT NULL,
    ex_ante_kinds text[] NOT NULL,
    ex_ante_funding_sources text[] NOT NULL,
    pass_mark numeric(5, 2) NOT NULL CHECK (pass_mark > 0 AND pass_mark <= 100),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by varchar(64)
);

CREATE TABLE review_batches (
    id uuid PRIMARY KEY,
    name varchar(128) NOT NULL,
    year integer NOT NULL,
    region_code varchar(12) NOT NULL,
    status varchar(8) NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz
);

CREATE INDEX ix_review_batches_region_year ON review_batches (region_code, year, status);

CREATE TABLE review_items (
    batch_id uuid NOT NULL REFERENCES review_batches (id),
    project_id uuid NOT NULL REFERENCES projects (id),
    year integer NOT NULL,
    region_code varchar(12) NOT NULL,
    region_name varchar(64) NOT NULL,
    department_id varchar(64) NOT NULL,
    department_name varchar(128) NOT NULL,
    project_code varchar(32) NOT NULL,
    project_name varchar(200) NOT NULL,
    requested_amount numeric(18, 2) NOT NULL CHECK (requested_amount >= 0),
    approved_amount numeric(18, 2) CHECK (approved_amount >= 0 AND approved_amount <= requested_amount),
    reason text,
    outcome varchar(16) CHECK (outcome IN ('SUPPORTED', 'REDUCED', 'NOT_SUPPORTED')),
    decided_at timestamptz,
    decided_by varchar(64),
    -- Copied from the batch when it closes: only closed batches count in period reports, and a project may be in
    -- one open batch at a time (the partial unique index), whoever adds it.
    batch_closed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (batch_id, project_id)
);

CREATE UNIQUE INDEX ux_review_items_open_project ON review_items (project_id) WHERE NOT batch_closed;
CREATE INDEX ix_review_items_project ON review_items (project_id);
-- The period report: a year's decided items in a region, grouped by department or by child region.
CREATE INDEX ix_review_items_report ON review_items (year, region_code) INCLUDE (department_id, requested_amount, approved_amount, outcome)
    WHERE batch_closed;

CREATE TABLE result_applications (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects (id),
    project_code varchar(32) NOT NULL,
    region_code varchar(12) NOT NULL,
    year integer NOT NULL,
    grade varchar(16) NOT NULL,
    decision varchar(16) NOT NULL CHECK (decision IN ('PRIORITISE', 'AS_IS', 'REDUCE', 'CANCEL', 'SUSPEND')),
    reduction_rate numeric(7, 4),
    reason text,
    evaluation_ref varchar(128) NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_result_applications_project ON result_applications (project_id);
-- The budget gate: was this project code ever cancelled?
CREATE INDEX ix_result_applications_cancelled ON result_applications (project_code) WHERE decision = 'CANCEL';
