-- The tables every service has from its first day (ARCHITECTURE.md): the audit trail of state transitions
-- (全过程留痕), the transactional outbox for changes other services must act on, and the idempotency keys
-- already processed. ServiceDefaults embeds this script and the runner applies it to every service's
-- database as V001; each service's own scripts (Infrastructure/Migrations) start at V002.

CREATE TABLE audit_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_type varchar(64) NOT NULL,
    entity_id varchar(64) NOT NULL,
    from_state varchar(64),
    to_state varchar(64) NOT NULL,
    comment text,
    actor_id varchar(64) NOT NULL,
    actor_name varchar(128) NOT NULL,
    organisation_id varchar(64),
    region_code varchar(12),
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_audit_entries_entity ON audit_entries (entity_type, entity_id, occurred_at);
CREATE INDEX ix_audit_entries_region ON audit_entries (region_code, occurred_at);

-- A trace that can be edited is no trace: rows may be added, never changed or removed.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

CREATE TABLE outbox_messages (
    id uuid PRIMARY KEY,
    type varchar(128) NOT NULL,
    payload jsonb NOT NULL,
    destination varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    last_error text
);

-- The relay's query: what is due and not yet delivered.
CREATE INDEX ix_outbox_messages_due ON outbox_messages (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE processed_messages (
    idempotency_key varchar(128) PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);
