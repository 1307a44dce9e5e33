-- The JSON API: signing keys for access tokens, refresh-token families, and
-- a public id for browser sessions (the session id itself is the cookie's
-- secret and is never shown).

-- Ed25519 keys. The private key is encrypted with a key derived from
-- SECRET_KEY; the public key is what the JWKS publishes.
CREATE TABLE signing_keys (
    kid                   TEXT PRIMARY KEY NOT NULL,
    algorithm             TEXT NOT NULL,
    public_key            TEXT NOT NULL,
    encrypted_private_key TEXT NOT NULL,
    created_at            INTEGER NOT NULL,
    -- Set when a newer key takes over; the public key stays published until
    -- every token it signed has expired.
    retired_at            INTEGER
);

-- One family per sign-in of an API client; its id is the tokens' `sid`.
CREATE TABLE refresh_families (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The user's token_version at sign-in: a later bump kills the family.
    token_version INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    -- Fixed at sign-in: rotation never extends it.
    expires_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL,
    ip            TEXT,
    user_agent    TEXT,
    revoked_at    INTEGER,
    revoked_reason TEXT
);
CREATE INDEX refresh_families_user_id_idx ON refresh_families (user_id, revoked_at);
CREATE INDEX refresh_families_expires_at_idx ON refresh_families (expires_at);

-- Every refresh token ever issued, by SHA-256 hash, so that a used one is
-- recognised when it comes back.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    family_id  TEXT NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);

ALTER TABLE sessions ADD COLUMN public_id TEXT;
UPDATE sessions SET public_id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX sessions_public_id_key ON sessions (public_id);
