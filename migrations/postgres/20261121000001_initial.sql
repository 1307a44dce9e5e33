-- Ids are UUID text, times are Unix seconds, flags are BOOLEAN.

CREATE TABLE users (
    id                    TEXT PRIMARY KEY NOT NULL,
    -- Canonical (trimmed, lower-case) form: unique across accounts.
    email                 TEXT NOT NULL,
    -- NULL for accounts that only sign in with Google or a code.
    password_hash         TEXT,
    first_name            TEXT NOT NULL,
    last_name             TEXT NOT NULL,
    email_verified        BOOLEAN NOT NULL DEFAULT FALSE,
    is_active             BOOLEAN NOT NULL DEFAULT TRUE,
    role                  TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    failed_login_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until          BIGINT,
    last_login_at         BIGINT,
    -- Bumped when every issued credential must die (password change, sign out everywhere).
    token_version         BIGINT NOT NULL DEFAULT 0,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    deleted_at            BIGINT
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_created_at_idx ON users (created_at);
CREATE INDEX users_last_login_at_idx ON users (last_login_at);

-- Failed sign-ins for addresses without an account, so that they lock
-- exactly like real ones and reveal nothing.
CREATE TABLE login_throttles (
    email           TEXT PRIMARY KEY NOT NULL,
    failed_attempts BIGINT NOT NULL,
    locked_until    BIGINT,
    updated_at      BIGINT NOT NULL
);

-- Browser sessions (tower-sessions), indexed by user so they can be listed and revoked.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
    data         TEXT NOT NULL,
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    user_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    action     TEXT NOT NULL,
    ip         TEXT,
    user_agent TEXT,
    success    BOOLEAN NOT NULL,
    reason     TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at);
CREATE INDEX audit_log_user_id_idx ON audit_log (user_id, created_at);
CREATE INDEX audit_log_action_idx ON audit_log (action, created_at);
