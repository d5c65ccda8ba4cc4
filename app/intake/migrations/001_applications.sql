-- Assisted card applications. Everything the applicant answered is in
-- answers: one JSON object passed through vault.Seal, so that no personal
-- data is stored outside the vault. The plain columns hold only what the
-- lists and the lifecycle need.
CREATE TABLE intake_applications (
    id         INTEGER PRIMARY KEY,
    status     TEXT    NOT NULL CHECK (status IN ('draft', 'ready')),
    step       TEXT    NOT NULL,
    answers    BLOB    NOT NULL,
    created_by INTEGER NOT NULL, -- user id; no foreign key: the users table belongs to another package
    created_at TEXT    NOT NULL, -- UTC, 2006-01-02T15:04:05.000Z
    updated_at TEXT    NOT NULL
);

-- LatestDraft: a user's newest draft.
CREATE INDEX intake_applications_by_user ON intake_applications (created_by, status, updated_at);

-- Search with an empty query: newest first.
CREATE INDEX intake_applications_by_update ON intake_applications (updated_at);
