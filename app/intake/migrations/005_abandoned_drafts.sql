-- A draft left unsubmitted longer than the retention period loses its number
-- too ('abandoned'). SQLite cannot change a CHECK in place: the table is
-- rebuilt with the wider one, rows kept.
CREATE TABLE intake_number_deletions_new (
    application_id INTEGER NOT NULL REFERENCES intake_applications (id),
    destroyed_at   TEXT    NOT NULL,
    reason         TEXT    NOT NULL CHECK (reason IN ('retention', 'withdrawn', 'abandoned'))
);
INSERT INTO intake_number_deletions_new (application_id, destroyed_at, reason)
    SELECT application_id, destroyed_at, reason FROM intake_number_deletions;
DROP TABLE intake_number_deletions;
ALTER TABLE intake_number_deletions_new RENAME TO intake_number_deletions;
CREATE INDEX intake_number_deletions_by_application ON intake_number_deletions (application_id);
