-- The blind index (app/intake terms.go): for each application, the keyed
-- hashes of the normalised items that search and the similar-person check
-- look up. A term is never the value itself: see vault.Blinder. Rows are
-- found by term; an application's own terms are recomputed from its answers
-- when they change, so no index by application is needed. No foreign key:
-- terms are written only in their application's transaction, applications
-- are never deleted, and a check per term doubled the cost of a bulk seed.
CREATE TABLE intake_terms (
    term           INTEGER NOT NULL,
    application_id INTEGER NOT NULL,
    PRIMARY KEY (term, application_id)
) WITHOUT ROWID;

-- A new database has nothing to index: its index is complete from the start.
-- A database with applications gets its terms once the data key is open
-- (Service.EnsureIndex), since SQL cannot compute them.
INSERT INTO intake_settings (name, value)
    SELECT 'termsVersion', '1' WHERE NOT EXISTS (SELECT 1 FROM intake_applications);
