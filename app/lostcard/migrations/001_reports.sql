-- Lost and stolen card reports taken by the call centre. Everything the
-- caller said about themselves and the loss is in answers: one JSON object
-- passed through vault.Seal. The plain columns hold only what the follow-up
-- list, the lifecycle and the figures need: no name, address or birth date.
CREATE TABLE lostcard_reports (
    id              INTEGER PRIMARY KEY,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'suspended', 'reissueApplied', 'closed', 'found', 'lifted')),
    caller_language TEXT    NOT NULL DEFAULT '', -- catalog tag of the language the caller speaks; '' until asked
    answers         BLOB    NOT NULL,
    created_by      INTEGER NOT NULL, -- user id; no foreign key: the users table belongs to another package
    started_at      TEXT    NOT NULL, -- UTC, 2006-01-02T15:04:05.000Z: when the agent pressed the key
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 -- row version: a change from a stale screen is refused
);

-- The follow-up list and the figures: by status, by time.
CREATE INDEX lostcard_reports_by_status ON lostcard_reports (status, started_at);
CREATE INDEX lostcard_reports_by_start ON lostcard_reports (started_at);
