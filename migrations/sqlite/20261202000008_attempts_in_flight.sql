-- Password attempts being checked right now, per account and per unknown
-- address: an attempt is taken before its hash is checked, so a burst of
-- parallel attempts cannot get more than the lockout's limit evaluated.
-- `in_flight_since` lets attempts of a process that died be forgotten.
ALTER TABLE users ADD COLUMN attempts_in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN in_flight_since INTEGER;
ALTER TABLE login_throttles ADD COLUMN attempts_in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_throttles ADD COLUMN in_flight_since INTEGER;
