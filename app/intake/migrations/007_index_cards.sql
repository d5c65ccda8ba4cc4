-- Index cards (app/intake cards.go): for each application, the items search
-- and the similar-person check compare and show, sealed on their own in a
-- narrow row, with the application's status and last change as in
-- intake_applications, so that a lookup opens its candidates in one query
-- instead of each one's whole answers. Written with the application's
-- terms and row, in the same transaction; rebuilt with the terms. No
-- foreign key, as for the terms: applications are never deleted.
CREATE TABLE intake_persons (
    application_id INTEGER NOT NULL,
    card           BLOB NOT NULL,
    status         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (application_id)
);

-- The same card again under each of the application's person terms (its
-- birth date, name and address as the similar-person check compares them:
-- app/intake personTermsOf), clustered by term, so that the applications
-- sharing one are read in one pass over adjacent rows.
CREATE TABLE intake_person_terms (
    term           INTEGER NOT NULL,
    application_id INTEGER NOT NULL,
    card           BLOB NOT NULL,
    status         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (term, application_id)
) WITHOUT ROWID;

-- A database with no applications has a complete index from the start; one
-- with applications gets its cards once the data key is open
-- (Service.EnsureIndex), since SQL cannot seal them.
UPDATE intake_settings SET value = '2'
    WHERE name = 'termsVersion' AND NOT EXISTS (SELECT 1 FROM intake_applications);
