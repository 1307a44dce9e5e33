-- Accounts at OpenID providers (Google) linked to local accounts, keyed by
-- the provider's issuer and subject (never by email).
CREATE TABLE oauth_connections (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider     TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    -- The provider's address for the user when the link was made.
    email        TEXT,
    linked_at    INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE UNIQUE INDEX oauth_connections_subject_key ON oauth_connections (issuer, subject);
CREATE UNIQUE INDEX oauth_connections_user_provider_key ON oauth_connections (user_id, provider);
