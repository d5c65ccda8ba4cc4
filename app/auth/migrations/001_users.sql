-- Staff accounts. The username is stored already normalised (lower-case
-- ASCII), so the plain UNIQUE constraint is enough to stop duplicates.
-- password_hash holds an Argon2id PHC string, never the password itself.
-- role is checked in Go rather than with a CHECK constraint, so that adding
-- a role later does not need a table rebuild.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    staff_language TEXT    NOT NULL DEFAULT '',
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;

-- Settings owned by the auth package, such as the idle-lock minutes.
CREATE TABLE auth_settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
