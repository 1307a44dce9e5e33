-- Self-service deletion: the account is deactivated at once and its personal
-- data erased by the cleanup job once `erase_after` has passed; until then a
-- sign-in may restore it.
ALTER TABLE users ADD COLUMN erase_after BIGINT;
CREATE INDEX users_erase_after_idx ON users (erase_after);
