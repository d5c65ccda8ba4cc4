-- The keyed chain: mac is HMAC-SHA-256, under the audit key the vault
-- derives from the data key, over the entry's seq and hash (chain.go). NULL
-- for an entry written before keying (a log older than this migration, or
-- one whose vault was not set up yet): those stay a plain hash chain, and
-- once an entry is keyed every later one must be (Verify). The append-only
-- trigger leaves mac alone on purpose: a key rotation rewrites it in its
-- transaction, as it rewrites the sealed reasons.
ALTER TABLE audit_log ADD COLUMN mac BLOB;

-- Entries made while the vault is locked (a sign-in, a wrong data
-- passphrase) cannot be keyed, and a keyed chain takes no plain entry. They
-- wait here, outside the chain, and the first append with the key chains
-- them, in order and with their own times, before its own entries
-- (pending.go).
CREATE TABLE audit_pending (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT    NOT NULL,
    user_id       INTEGER NOT NULL,
    role          TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    record_type   TEXT    NOT NULL,
    record_id     INTEGER NOT NULL,
    reason        BLOB,
    reason_digest BLOB    NOT NULL
);
