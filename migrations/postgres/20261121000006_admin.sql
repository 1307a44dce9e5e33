-- The admin panel: who acted on whom (the acting admin, when it is not the
-- user themself), and indexes for the users table and the audit log filters.
ALTER TABLE audit_log ADD COLUMN actor_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX audit_log_ip_idx ON audit_log (ip, created_at);
CREATE INDEX users_role_idx ON users (role, created_at);
CREATE INDEX users_locked_until_idx ON users (locked_until);
