-- Failed password attempts, counted for the limits of app/auth/limits.go.
-- One row per counter:
--   'pc'          every failed sign-in on this database, whatever the username
--                 (one database per counter PC, hence the name);
--   'passphrase'  the data passphrase of the "Open the data" screen;
--   'name:<tag>'  one typed username, known or not, where tag is an HMAC of the
--                 normalised username under the key 'attempt_key' of
--                 auth_settings: a password typed into the username box by
--                 mistake is not kept readable.
-- failures counts the failed attempts since the counter was last cleared (a
-- success, an administrator's unlock, or a pause longer than the limit's
-- forget time); last_failure is when the newest was counted. The lock and the
-- waits are computed from these two and the limit, so changing a limit in the
-- code applies at once to the rows already here. A row is deleted when it is
-- cleared, and name rows once forgotten (secure_delete overwrites them).
CREATE TABLE auth_attempts (
    key          TEXT    NOT NULL PRIMARY KEY,
    failures     INTEGER NOT NULL CHECK (failures > 0),
    last_failure TEXT    NOT NULL
) STRICT;
