package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// # Entries made while the vault is locked
//
// A keyed chain takes no plain entry (chain.go), and a locked vault gives
// no key. Refusing to record would refuse the very events of a locked PC
// (a sign-in before the unlock, a wrong data passphrase), so they wait in
// audit_pending and the first append with the key chains them, before its
// own entries, keeping their times. Until then they are outside the
// chain: whoever can edit the file can remove them unseen. That exposure is
// limited to what happens while the data is locked, when nothing personal
// can be read; docs/data-protection.md says so.

// holdPending keeps rows, not yet chained, until the key is back. The
// entries returned have no Seq nor Hash.
func holdPending(ctx context.Context, tx *sql.Tx, rows []row) error {
	for _, r := range rows {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_pending (at, user_id, role, action, record_type, record_id, reason, reason_digest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.at, r.userID, r.role, r.action, r.recordType, r.recordID, r.reason, r.reasonDigest)
		if err != nil {
			return fmt.Errorf("hold audit entry until unlock: %w", err)
		}
	}
	return nil
}

// takePending removes and returns the held rows, oldest first.
func takePending(ctx context.Context, tx *sql.Tx) ([]row, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at, user_id, role, action, record_type, record_id, reason, reason_digest FROM audit_pending ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read held audit entries: %w", err)
	}
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reason, &r.reasonDigest); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read held audit entries: %w", err)
		}
		if r.reasonDigest == nil { // an empty blob reads back as nil
			r.reasonDigest = []byte{}
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read held audit entries: %w", err)
	}
	if len(out) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_pending`); err != nil {
			return nil, fmt.Errorf("chain held audit entries: %w", err)
		}
	}
	return out, nil
}

// isNoKey reports whether err is a keyed log without its key.
func isNoKey(err error) bool { return errors.Is(err, ErrNoKey) }
