-- Two-step sign-in: second factors, recovery codes, the half-finished
-- sign-ins waiting for their second step, and browsers trusted to skip it.

-- One row per factor an account has: `totp` (an authenticator app) or
-- `email` (a code mailed after the first factor). An app's row exists from
-- the moment its secret is shown; it counts once `confirmed_at` is set.
CREATE TABLE second_factors (
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('totp', 'email')),
    -- The app's secret, sealed with a key derived from SECRET_KEY.
    sealed_secret  TEXT,
    -- The newest time step a code was accepted for: no code is accepted
    -- twice, nor one older than it.
    last_used_step BIGINT,
    created_at     BIGINT NOT NULL,
    confirmed_at   BIGINT,
    PRIMARY KEY (user_id, kind)
);

-- Single-use recovery codes, as HMAC-SHA256 keyed by SECRET_KEY.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- A first factor proven, a second one awaited: the browser's session or the
-- API's `mfaToken` holds the random id whose SHA-256 is the key.
CREATE TABLE sign_in_challenges (
    id_hash      TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The first factor's method (password, code, google...).
    first_factor TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sign_in_challenges_expires_at_idx ON sign_in_challenges (expires_at);

-- Browsers whose owner chose "trust this browser": the cookie holds a random
-- token whose SHA-256 is stored. Revoked by deleting the row.
CREATE TABLE trusted_browsers (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE UNIQUE INDEX trusted_browsers_token_hash_key ON trusted_browsers (token_hash);
CREATE INDEX trusted_browsers_user_id_idx ON trusted_browsers (user_id);

-- How an API sign-in was proven (RFC 8176 `amr` values, space-separated),
-- carried into every access token of its family.
ALTER TABLE refresh_families ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
