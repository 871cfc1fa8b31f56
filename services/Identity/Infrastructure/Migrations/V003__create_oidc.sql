-- The OpenID Connect provider's state, shared by every identity replica: the Data Protection key ring, the token
-- signing keys (private parts protected with that key ring), SSO sessions, and grants (a token family per
-- authorization: its code, refresh tokens and the access tokens issued to users). Codes and tokens are stored as
-- SHA-256 hashes only.

CREATE TABLE data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name varchar(128),
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE signing_keys (
    kid varchar(64) PRIMARY KEY,
    algorithm varchar(16) NOT NULL,
    modulus text NOT NULL,
    exponent varchar(16) NOT NULL,
    protected_private_key text NOT NULL,
    created_at timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    retires_at timestamptz,
    expires_at timestamptz,
    CHECK (activates_at >= created_at),
    CHECK (expires_at IS NULL OR retires_at IS NOT NULL)
);

CREATE TABLE sso_sessions (
    id varchar(64) PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_time timestamptz NOT NULL,
    amr varchar(64) NOT NULL,
    security_stamp varchar(64) NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    ended_at timestamptz
);

CREATE INDEX ix_sso_sessions_user ON sso_sessions (user_id);

CREATE TABLE token_families (
    id uuid PRIMARY KEY,
    client_id varchar(64) NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id varchar(64),
    scopes varchar(512) NOT NULL,
    security_stamp varchar(64) NOT NULL,
    auth_time timestamptz NOT NULL,
    amr varchar(64) NOT NULL,
    created_at timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX ix_token_families_session ON token_families (session_id);
CREATE INDEX ix_token_families_user ON token_families (user_id);

CREATE TABLE authorization_codes (
    code_hash char(64) PRIMARY KEY,
    family_id uuid NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    client_id varchar(64) NOT NULL,
    redirect_uri varchar(2048) NOT NULL,
    code_challenge varchar(128) NOT NULL,
    nonce varchar(512),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
);

CREATE INDEX ix_authorization_codes_family ON authorization_codes (family_id);

CREATE TABLE refresh_tokens (
    token_hash char(64) PRIMARY KEY,
    family_id uuid NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
);

CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);

-- Access tokens issued to users (so a replayed code or a logout makes them inactive for introspection) and any
-- access token revoked through RFC 7009. Client-credentials tokens are not written here when issued.
CREATE TABLE access_tokens (
    jti varchar(64) PRIMARY KEY,
    family_id uuid REFERENCES token_families (id) ON DELETE CASCADE,
    client_id varchar(64) NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX ix_access_tokens_family ON access_tokens (family_id);
