-- PostgreSQL's row triggers (001) do not fire for TRUNCATE, which empties
-- the table at once: a statement trigger refuses it too. SQLite has no
-- TRUNCATE (its DELETE without WHERE fires the row trigger).
-- engine: postgres
CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- engine: all
