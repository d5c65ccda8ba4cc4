-- The audit trail: one row per action, chained by SHA-256 (see audit.go for
-- the exact encoding). Rows hold IDs and fixed identifiers only; the free-
-- text reason is sealed by the vault, and the chain covers its digest so a
-- key rotation can re-encrypt it without breaking the chain.
--
-- AUTOINCREMENT makes SQLite remember the highest seq ever used (in
-- sqlite_sequence), so deleting the newest rows shows up as a gap.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT    NOT NULL, -- UTC, 2006-01-02T15:04:05.000Z
    user_id       INTEGER NOT NULL, -- 0 when no account is known (a failed sign-in)
    role          TEXT    NOT NULL, -- '' when no account is known
    action        TEXT    NOT NULL,
    record_type   TEXT    NOT NULL, -- '' when the action concerns no record
    record_id     INTEGER NOT NULL, -- 0 when the action concerns no record
    reason        BLOB,             -- vault-sealed (16-byte salt || UTF-8 text); NULL without a reason
    reason_digest BLOB    NOT NULL, -- SHA-256 over salt and text; empty without a reason
    prev_hash     BLOB    NOT NULL, -- the previous row's hash; 32 zero bytes for seq 1
    hash          BLOB    NOT NULL
);

CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_user ON audit_log (user_id, at);
CREATE INDEX audit_log_by_record ON audit_log (record_type, record_id);

-- Append-only for the program: only the sealed reason may be rewritten (by
-- a key rotation). Anyone with the file can drop these triggers; the hash
-- chain is what shows that they did.
-- engine: sqlite
CREATE TRIGGER audit_log_no_update
BEFORE UPDATE OF seq, at, user_id, role, action, record_type, record_id, reason_digest, prev_hash, hash ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete
BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- engine: postgres
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;

CREATE TRIGGER audit_log_no_update
BEFORE UPDATE OF seq, at, user_id, role, action, record_type, record_id, reason_digest, prev_hash, hash ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_delete
BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- engine: all
