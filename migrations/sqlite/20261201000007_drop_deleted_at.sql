-- Never written: deleted accounts wait in `erase_after` and are then erased
-- (their row removed), so the column only cost a filter in every lookup.
ALTER TABLE users DROP COLUMN deleted_at;
