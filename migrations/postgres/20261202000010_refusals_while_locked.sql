-- Refused attempts on a locked address are counted, not audited one by one:
-- the audit log gets one "locked" row per address per lockout window.
ALTER TABLE users ADD COLUMN refused_while_locked BIGINT NOT NULL DEFAULT 0;
ALTER TABLE login_throttles ADD COLUMN refused_while_locked BIGINT NOT NULL DEFAULT 0;
