-- The Individual Number of an application, apart from the answers: it is
-- sealed with the application's own record key (vault kind 'intake.number'),
-- so that destroying that key destroys the number in every copy, and never
-- enters the answers JSON that other screens and exports read.
CREATE TABLE intake_numbers (
    application_id INTEGER PRIMARY KEY REFERENCES intake_applications (id),
    number         BLOB    NOT NULL,
    source         TEXT    NOT NULL CHECK (source IN ('typed', 'card')),
    recorded_at    TEXT    NOT NULL -- UTC, 2006-01-02T15:04:05.000Z
);

-- What stays once a number is destroyed: when and why, never the number.
CREATE TABLE intake_number_deletions (
    application_id INTEGER NOT NULL REFERENCES intake_applications (id),
    destroyed_at   TEXT    NOT NULL,
    reason         TEXT    NOT NULL CHECK (reason IN ('retention', 'withdrawn'))
);
CREATE INDEX intake_number_deletions_by_application ON intake_number_deletions (application_id);

-- Settings owned by this package (the number's retention period).
CREATE TABLE intake_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
