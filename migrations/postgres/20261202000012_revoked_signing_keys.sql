-- A revoked key (one the current SECRET_KEY cannot decrypt, or retired by
-- hand with `portcullis keys retire`) is gone from the JWKS at once and
-- verifies nothing, unlike a rotated-out key (`retired_at`), which stays
-- published until its tokens have expired.
ALTER TABLE signing_keys ADD COLUMN revoked_at BIGINT;
