package vault

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
)

// Record names the one record a record key belongs to: a kind chosen by the
// owning package ("intake.number") and the record's ID.
type Record struct {
	Kind string
	ID   int64
}

func (r Record) String() string { return fmt.Sprintf("%s/%d", r.Kind, r.ID) }

// formatRecord values are sealed with their record's own key:
//
//	0x02 | nonce (12) | AES-256-GCM ciphertext and tag (16)
//
// The additional data is the format byte, the kind and the record ID, so a
// value copied to another record fails authentication.
const formatRecord byte = 0x02

// ErrShredded means the record's key was destroyed (Shred): its value can
// never be read again, which is what destruction promised.
var ErrShredded = errors.New("vault: the record's key was destroyed")

// Querier is what both *sql.Tx and *store.DB offer for reading one row.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SealRecord encrypts plain under rec's own key, creating the key (sealed by
// the data key, inside tx) on first use. A plain vault returns plaintext
// (0x00), like Seal: tests of other packages run without keys.
func (v *Vault) SealRecord(ctx context.Context, tx *sql.Tx, rec Record, plain []byte) ([]byte, error) {
	if v.State() == StatePlain {
		return v.Seal(plain)
	}
	key, err := v.recordKey(ctx, tx, rec, true)
	if err != nil {
		return nil, fmt.Errorf("seal %s: %w", rec, err)
	}
	aead, err := gcm(key)
	if err != nil {
		return nil, fmt.Errorf("seal %s: %w", rec, err)
	}
	out := make([]byte, 1+nonceLen, 1+nonceLen+len(plain)+tagLen)
	out[0] = formatRecord
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("seal %s: read random nonce: %w", rec, err)
	}
	return aead.Seal(out, out[1:], plain, recordAAD(rec)), nil
}

// OpenRecord decrypts a value sealed by SealRecord for rec. A value whose
// key was shredded fails with ErrShredded; a legacy 0x00 value opens as is.
func (v *Vault) OpenRecord(ctx context.Context, q Querier, rec Record, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 || sealed[0] != formatRecord {
		return v.Open(sealed)
	}
	if len(sealed) < 1+nonceLen+tagLen {
		return nil, fail("vault.error.damaged", ErrDamaged, "record value too short")
	}
	key, err := v.recordKey(ctx, q, rec, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rec, err)
	}
	aead, err := gcm(key)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rec, err)
	}
	plain, err := aead.Open(nil, sealed[1:1+nonceLen], sealed[1+nonceLen:], recordAAD(rec))
	if err != nil {
		return nil, fail("vault.error.damaged", ErrDamaged, rec.String())
	}
	if plain == nil {
		plain = []byte{}
	}
	return plain, nil
}

// Shred destroys rec's key inside tx, so that every copy of the values it
// sealed becomes unreadable. It reports whether a key existed. The store
// runs with secure_delete, so the freed row is overwritten in the file; the
// caller checkpoints the WAL after committing (store.DB.Checkpoint).
func (v *Vault) Shred(ctx context.Context, tx *sql.Tx, rec Record) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM vault_record_keys WHERE kind = ? AND record_id = ?`, rec.Kind, rec.ID)
	if err != nil {
		return false, fmt.Errorf("shred %s: %w", rec, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("shred %s: %w", rec, err)
	}
	return n > 0, nil
}

// recordKey returns rec's raw key, creating it when create is set (q must
// then be a *sql.Tx).
func (v *Vault) recordKey(ctx context.Context, q Querier, rec Record, create bool) ([]byte, error) {
	var wrapped []byte
	err := q.QueryRowContext(ctx,
		`SELECT wrapped FROM vault_record_keys WHERE kind = ? AND record_id = ?`, rec.Kind, rec.ID).Scan(&wrapped)
	switch {
	case err == nil:
		return v.Open(wrapped)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("read record key: %w", err)
	case !create:
		return nil, fail("vault.error.shredded", ErrShredded, rec.String())
	}
	tx, ok := q.(*sql.Tx)
	if !ok {
		return nil, errors.New("record key: creating one needs a transaction")
	}
	raw := make([]byte, dataKeyLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("record key: read random: %w", err)
	}
	if wrapped, err = v.Seal(raw); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO vault_record_keys (kind, record_id, wrapped, created_at) VALUES (?, ?, ?, ?)`,
		rec.Kind, rec.ID, wrapped, stamp()); err != nil {
		return nil, fmt.Errorf("store record key: %w", err)
	}
	return raw, nil
}

func recordAAD(rec Record) []byte {
	aad := make([]byte, 0, 1+len(rec.Kind)+1+8)
	aad = append(aad, formatRecord)
	aad = append(aad, rec.Kind...)
	aad = append(aad, 0)
	return binary.BigEndian.AppendUint64(aad, uint64(rec.ID))
}

// resealRecordKeys is the vault's own Resealer: record keys are sealed by
// the data key, so Setup and Rotate re-seal them with everything else. Rows
// are found by the table's key (kind, record_id): PostgreSQL has no rowid.
func resealRecordKeys(ctx context.Context, tx *sql.Tx, rk *Rekey) error {
	rows, err := tx.QueryContext(ctx, `SELECT kind, record_id, wrapped FROM vault_record_keys`)
	if err != nil {
		return fmt.Errorf("reseal record keys: %w", err)
	}
	type row struct {
		rec    Record
		sealed []byte
	}
	var all []row // read all first: no writes while the cursor is open
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.rec.Kind, &r.rec.ID, &r.sealed); err != nil {
			rows.Close()
			return fmt.Errorf("reseal record keys: %w", err)
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("reseal record keys: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reseal record keys: %w", err)
	}
	for _, r := range all {
		fresh, err := rk.Reseal(r.sealed)
		if err != nil {
			return fmt.Errorf("reseal the key of %s: %w", r.rec, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE vault_record_keys SET wrapped = ? WHERE kind = ? AND record_id = ?`,
			fresh, r.rec.Kind, r.rec.ID); err != nil {
			return fmt.Errorf("reseal the key of %s: %w", r.rec, err)
		}
	}
	return nil
}

// ResealAll is one Resealer running each of rs in turn: a package that
// seals several columns gives the vault one.
func ResealAll(rs ...Resealer) Resealer {
	return func(ctx context.Context, tx *sql.Tx, rk *Rekey) error {
		for _, r := range rs {
			if err := r(ctx, tx, rk); err != nil {
				return err
			}
		}
		return nil
	}
}

// ResealColumn is the Resealer of one sealed column: it re-seals every
// non-NULL value of table.column, finding rows by idColumn. Names are the
// owning package's constants, never input.
func ResealColumn(table, idColumn, column string) Resealer {
	return func(ctx context.Context, tx *sql.Tx, rk *Rekey) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s FROM %s WHERE %s IS NOT NULL`, idColumn, column, table, column))
		if err != nil {
			return fmt.Errorf("reseal %s.%s: %w", table, column, err)
		}
		type row struct {
			id     int64
			sealed []byte
		}
		var all []row // read all first: no writes while the cursor is open
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.sealed); err != nil {
				rows.Close()
				return fmt.Errorf("reseal %s.%s: %w", table, column, err)
			}
			all = append(all, r)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("reseal %s.%s: %w", table, column, err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("reseal %s.%s: %w", table, column, err)
		}
		update := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, table, column, idColumn)
		for _, r := range all {
			fresh, err := rk.Reseal(r.sealed)
			if err != nil {
				return fmt.Errorf("reseal %s.%s of row %d: %w", table, column, r.id, err)
			}
			if _, err := tx.ExecContext(ctx, update, fresh, r.id); err != nil {
				return fmt.Errorf("reseal %s.%s of row %d: %w", table, column, r.id, err)
			}
		}
		return nil
	}
}
