-- The directory of support organisations: where caseworkers refer people.
-- id is the stable key other packages use (app/residency suggests by it,
-- app/cases refers to it); num is the row's number for the audit trail.
-- Directory entries are public information about organisations, not
-- personal data, so nothing here passes through the vault.
CREATE TABLE orgs (
    num        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    name_ja    TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    takes_ja   TEXT    NOT NULL DEFAULT '',
    takes_en   TEXT    NOT NULL DEFAULT '',
    languages  TEXT    NOT NULL DEFAULT '',
    phone      TEXT    NOT NULL DEFAULT '',
    contact    TEXT    NOT NULL DEFAULT '',
    hours      TEXT    NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at TEXT    NOT NULL
) STRICT;
