package cases

import (
	"context"
	"database/sql"
	"fmt"
)

// Reseal re-encrypts every sealed value cases own (cases.data and
// case_referrals.data): pass it to vault.Setup and vault.Rotate (it is a
// vault.Resealer).
func Reseal(ctx context.Context, tx *sql.Tx, reseal func([]byte) ([]byte, error)) error {
	for _, table := range []string{"cases", "case_referrals"} {
		if err := resealTable(ctx, tx, table, reseal); err != nil {
			return err
		}
	}
	return nil
}

// resealTable reseals the data column of one of our tables; table is one of
// two literals above, never input.
func resealTable(ctx context.Context, tx *sql.Tx, table string, reseal func([]byte) ([]byte, error)) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, data FROM `+table)
	if err != nil {
		return fmt.Errorf("reseal %s: %w", table, err)
	}
	type sealed struct {
		id   int64
		data []byte
	}
	var all []sealed // read all first: no writes while the cursor is open
	for rows.Next() {
		var s sealed
		if err := rows.Scan(&s.id, &s.data); err != nil {
			rows.Close()
			return fmt.Errorf("reseal %s: %w", table, err)
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reseal %s: %w", table, err)
	}
	for _, s := range all {
		fresh, err := reseal(s.data)
		if err != nil {
			return fmt.Errorf("reseal %s %d: %w", table, s.id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET data = ? WHERE id = ?`, fresh, s.id); err != nil {
			return fmt.Errorf("reseal %s %d: %w", table, s.id, err)
		}
	}
	return nil
}
