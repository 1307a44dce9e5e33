-- Request budgets per client (GCRA), kept in the database so every instance
-- on one database draws on the same budget. `ready_at` is the theoretical
-- arrival time in Unix milliseconds: a client whose `ready_at` is in the
-- past has its whole burst back, and its row can be forgotten.
CREATE TABLE client_budgets (
    budget   TEXT NOT NULL,
    client   TEXT NOT NULL,
    ready_at INTEGER NOT NULL,
    PRIMARY KEY (budget, client)
);
CREATE INDEX client_budgets_ready_at_idx ON client_budgets (ready_at);

-- Mail limits count per requesting client, and a daily cap counts per address.
CREATE INDEX mail_requests_email_ip_idx ON mail_requests (email, purpose, ip, created_at);
CREATE INDEX mail_requests_email_day_idx ON mail_requests (email, created_at);

-- The one audit row that records the attempts refused during a lock, kept
-- up to date with their number instead of adding a row per attempt.
ALTER TABLE users ADD COLUMN locked_audit_id INTEGER;
ALTER TABLE login_throttles ADD COLUMN locked_audit_id INTEGER;
