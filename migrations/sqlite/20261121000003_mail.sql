-- Mail: an outbox written in the same transaction as the change that causes
-- a message, and single-use tokens and codes sent by mail.

CREATE TABLE email_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    -- What the message is for (verify_email, reset_password, ...), for the audit log.
    purpose         TEXT NOT NULL,
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- A worker's claim on the message while it sends; another worker may
    -- take it over once the claim has run out.
    claimed_until   INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);

-- Links and codes sent by mail. Only hashes are stored: the link token as
-- SHA-256, the 6-digit code as HMAC-SHA256 keyed by SECRET_KEY (a plain hash
-- of a 6-digit number is reversed in a second).
CREATE TABLE email_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    token_hash  TEXT,
    code_hash   TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER NOT NULL,
    -- Set when used, or when a newer token for the same purpose replaces it.
    consumed_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX email_tokens_token_hash_key ON email_tokens (token_hash);
CREATE INDEX email_tokens_user_purpose_idx ON email_tokens (user_id, purpose, consumed_at);
CREATE INDEX email_tokens_email_purpose_idx ON email_tokens (email, purpose, created_at);

-- Every request to send a code or link to an address, whether or not an
-- account has it, so that limits answer the same for both.
CREATE TABLE mail_requests (
    email      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    ip         TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_requests_email_idx ON mail_requests (email, purpose, created_at);
