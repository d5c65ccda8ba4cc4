-- Where the last verification that found the chain whole got to: its newest
-- entry and that entry's hash. The window's check starts there, so it reads
-- only the entries written since (see checkpoint.go). It is not part of the
-- chain and moves forward with every whole verification; anyone with the
-- file can edit it, like the log itself, which is why `madoguchi audit
-- verify` walks the whole chain whatever it says.
CREATE TABLE audit_checkpoint (
    id          INTEGER PRIMARY KEY CHECK (id = 1), -- one row at most
    seq         INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    verified_at TEXT    NOT NULL                    -- UTC, 2006-01-02T15:04:05.000Z
);
