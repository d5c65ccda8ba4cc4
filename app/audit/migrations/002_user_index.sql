-- audit_log_by_user was (user_id, at). Every SQLite index ends in the rowid,
-- so (user_id) alone is (user_id, seq): a staff member's entries newest first
-- (the window's pages, ORDER BY seq DESC LIMIT 25) are read straight off the
-- index instead of sorting all of that member's entries, and the index is a
-- quarter of the size. A staff member on given days reads that member's
-- entries and checks their times; at a million entries that is still a few
-- tens of milliseconds. index_test.go checks these plans.
DROP INDEX audit_log_by_user;
CREATE INDEX audit_log_by_user ON audit_log (user_id);
