-- Passkeys (WebAuthn credentials) and the ceremonies that register them or
-- sign in with them.

CREATE TABLE passkeys (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The authenticator's id for the credential, base64url: how an
    -- assertion names the passkey it was made with.
    credential_id TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- The public key, its signature counter and backup flags, as the
    -- WebAuthn library serialises them (JSON). Nothing in it is secret.
    credential    TEXT NOT NULL,
    -- The authenticator model's AAGUID, when the authenticator gave one.
    aaguid        TEXT,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT
);
CREATE UNIQUE INDEX passkeys_credential_id_key ON passkeys (credential_id);
CREATE INDEX passkeys_user_id_idx ON passkeys (user_id);

-- A ceremony begun and not yet finished: the challenge it expects, for five
-- minutes, once. The browser's session or the API client holds the random
-- id whose SHA-256 is the key; a second step's ceremony is keyed by its
-- sign-in challenge's.
CREATE TABLE passkey_ceremonies (
    id_hash    TEXT PRIMARY KEY NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_step', 'confirm')),
    -- Whose: the account registering, passing its second step or confirming
    -- it's them; NULL for a sign-in, where the passkey names the account.
    user_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX passkey_ceremonies_expires_at_idx ON passkey_ceremonies (expires_at);
