-- One random key per record whose value must be destroyable on its own (the
-- Individual Number of one application). The key is stored only sealed by
-- the data key (format 0x01), so rotation re-seals it like any value.
-- Deleting the row destroys the value everywhere at once: in free pages, the
-- WAL and every backup taken before, the ciphertext stays but no key opens
-- it once those backups holding this row are gone (crypto-shredding).
CREATE TABLE vault_record_keys (
    kind       TEXT    NOT NULL, -- what the record is, e.g. 'intake.number'
    record_id  INTEGER NOT NULL,
    wrapped    BLOB    NOT NULL,
    created_at TEXT    NOT NULL, -- UTC, 2006-01-02T15:04:05.000Z
    PRIMARY KEY (kind, record_id)
);
