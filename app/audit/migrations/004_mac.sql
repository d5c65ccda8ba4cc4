-- The keyed chain: mac is HMAC-SHA-256, under the audit key the vault
-- derives from the data key, over the entry's seq and hash (chain.go). NULL
-- for an entry written before keying (a log older than this migration, or
-- one whose vault was not set up yet): those stay a plain hash chain, and
-- once an entry is keyed every later one must be (Verify). The append-only
-- trigger leaves mac alone on purpose: a key rotation rewrites it in its
-- transaction, as it rewrites the sealed reasons.
ALTER TABLE audit_log ADD COLUMN mac BLOB;
