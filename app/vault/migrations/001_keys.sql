-- The data key (DEK) of this database, only ever stored wrapped. One row per
-- wrap: key_id is the data key's number (written in every value it seals),
-- wrapped_by says what wraps it. A passphrase wrap keeps its Argon2id salt
-- and parameters; a keyring wrap keeps the name of its keyring entry in
-- params. Rotation sets retired_at on the old key's rows and erases their
-- wrapped copies: the rows stay as the history of keys.
CREATE TABLE vault_keys (
    id         INTEGER PRIMARY KEY,
    key_id     INTEGER NOT NULL CHECK (key_id > 0),
    wrapped_by TEXT    NOT NULL CHECK (wrapped_by IN ('passphrase', 'keyring')),
    wrapped    BLOB    NOT NULL, -- nonce (12) || AES-256-GCM(DEK) || tag (16); empty once retired
    salt       BLOB,             -- Argon2id salt (passphrase wraps only)
    params     TEXT    NOT NULL, -- 'argon2id$v=19$m=65536,t=3,p=4' or 'keyring$<entry name>'
    created_at TEXT    NOT NULL, -- UTC, 2006-01-02T15:04:05.000Z
    retired_at TEXT,
    UNIQUE (key_id, wrapped_by)
);

-- At most one live wrap of each kind: there is one current data key.
CREATE UNIQUE INDEX vault_keys_live ON vault_keys (wrapped_by) WHERE retired_at IS NULL;
