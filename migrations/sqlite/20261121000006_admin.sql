-- The admin panel: who acted on whom (the acting admin, when it is not the
-- user themself), and indexes for the users table and the audit log filters.
ALTER TABLE audit_log ADD COLUMN actor_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX audit_log_ip_idx ON audit_log (ip, created_at);
CREATE INDEX users_role_idx ON users (role, created_at);
-- The table's default order (newest first) and its other sort keys, with the
-- id as the tie-breaker the query uses, so a page is read from an index.
CREATE INDEX users_created_at_id_idx ON users (created_at, id);
CREATE INDEX users_last_login_at_id_idx ON users (last_login_at, id);
CREATE INDEX users_locked_until_idx ON users (locked_until);
-- What the users table's search looks in: one lower-case column, so a search
-- reads each row once (a substring search cannot use an index).
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = lower(email || ' ' || first_name || ' ' || last_name);
CREATE TRIGGER users_search_text_insert AFTER INSERT ON users BEGIN
    UPDATE users SET search_text = lower(NEW.email || ' ' || NEW.first_name || ' ' || NEW.last_name)
    WHERE id = NEW.id;
END;
CREATE TRIGGER users_search_text_update AFTER UPDATE OF email, first_name, last_name ON users BEGIN
    UPDATE users SET search_text = lower(NEW.email || ' ' || NEW.first_name || ' ' || NEW.last_name)
    WHERE id = NEW.id;
END;
