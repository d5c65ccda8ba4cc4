-- The card was given to the applicant: one row per application, written
-- once. matched = 1 when the chip's four basic items equalled the record;
-- otherwise a supervisor overrode the check, and the reason (sealed by the
-- vault: it may name people) and the differing items are kept.
CREATE TABLE intake_handovers (
    application_id INTEGER PRIMARY KEY REFERENCES intake_applications (id),
    handed_at      TEXT    NOT NULL,
    handed_by      INTEGER NOT NULL,
    matched        INTEGER NOT NULL CHECK (matched IN (0, 1)),
    differing      TEXT    NOT NULL DEFAULT '', -- comma-separated item IDs: name,address,birthDate,sex
    override_by    INTEGER,
    reason         BLOB,
    CHECK (matched = 1 OR (override_by IS NOT NULL AND reason IS NOT NULL))
);
