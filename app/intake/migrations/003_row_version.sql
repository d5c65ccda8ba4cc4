-- Row version: every write increments it, and a write made from a stale
-- screen (another desk saved in between) is refused instead of overwriting.
ALTER TABLE intake_applications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
