package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"madoguchi/app/store"
)

// # Desks that still hold a retired key
//
// Every desk on a shared database unlocks the data key once and keeps it in
// memory. When one desk rotates, the others still hold the retired key: a
// value they sealed with it afterwards could never be opened again (the
// rotation erased that key), a blind-index term made with it would never be
// found, and an audit entry keyed with it would break the chain. So a
// transaction that writes any of these begins with Hold: one lookup of the
// live key through the vault_keys_live index, which fails closed with
// ErrKeyChanged when the key is no longer this vault's, and locks this vault
// until the data is opened again with the passphrase (Unlock).
//
// On PostgreSQL (READ COMMITTED) a check alone would leave a gap: a rotation
// committing between the check and the commit would miss what the
// transaction wrote. Hold therefore reads the live key's row FOR KEY SHARE,
// and Rotate reads it FOR UPDATE before anything else: a rotation waits for
// the transactions holding the key, and re-seals what they wrote; a
// transaction that comes while a rotation is under way waits for it, then
// finds the key retired. Many transactions share the key at once; they
// queue only behind a rotation. On SQLite a write transaction is immediate:
// one writes at a time, and the check is enough.

// ErrKeyChanged means another desk rotated the data key after this vault
// unlocked it: this vault forgot its retired key and is locked until Unlock.
var ErrKeyChanged = errors.New("vault: the data key was changed on another desk")

// lock is how liveKeyID reads the live key's row.
type lock int

const (
	lockNone      lock = iota // a plain read
	lockShare                 // Hold: a rotation waits until the transaction ends
	lockForUpdate             // Rotate: waits for every Hold, and makes new ones wait
)

// liveKeyID is the number of the database's live data key, 0 when there is
// none. The row locks are PostgreSQL's; SQLite's immediate transactions
// already keep other writers out.
func (v *Vault) liveKeyID(ctx context.Context, q Querier, l lock) (uint32, error) {
	query := `SELECT key_id FROM vault_keys WHERE wrapped_by = ? AND retired_at IS NULL`
	if v.db != nil && v.db.Engine == store.Postgres {
		switch l {
		case lockShare:
			query += ` FOR KEY SHARE`
		case lockForUpdate:
			query += ` FOR UPDATE`
		}
	}
	var id int64
	err := q.QueryRowContext(ctx, query, wrapPassphrase).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Also what PostgreSQL gives a lock that waited for a rotation:
		// the row it waited for is retired, the new one not yet visible.
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the live data key: %w", err)
	}
	return uint32(id), nil
}

// Hold checks, inside tx, that the data key this vault seals with is still
// the database's live key, and keeps it live until tx ends (see above). Call
// it first in every transaction that writes sealed values, blind-index terms
// or keyed audit entries: before any other row lock or store.Serialize, since
// a rotation takes the key's row first and every other row after.
//
// A vault that is plain, locked or not set up holds nothing and returns nil:
// its Seal fails on its own. When another desk rotated, Hold locks this vault
// and fails with ErrKeyChanged (problem vault.error.keyChanged); tx must then
// be rolled back.
func (v *Vault) Hold(ctx context.Context, tx *sql.Tx) error {
	return v.checkLive(ctx, tx, lockShare)
}

// CheckKey is Hold for a read that uses the key to find rows (a search by
// blind-index terms): it takes no lock, and fails, locking this vault, when
// another desk rotated. Without it such a read would find nothing rather
// than fail.
func (v *Vault) CheckKey(ctx context.Context, q Querier) error {
	return v.checkLive(ctx, q, lockNone)
}

func (v *Vault) checkLive(ctx context.Context, q Querier, l lock) error {
	v.mu.RLock()
	state, key := v.state, v.key
	v.mu.RUnlock()
	if state != StateUnlocked || v.db == nil {
		return nil
	}
	// The query runs without the vault's lock: a rotation in this process
	// holds that lock while it waits for nothing but the database.
	live, err := v.liveKeyID(ctx, q, l)
	if err != nil {
		return fmt.Errorf("vault: %w", err)
	}
	if live == key.id {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.key != key {
		// This process rotated in the meantime: nothing to forget, but
		// what the caller prepared used the old key.
		return fail("vault.error.keyChanged", ErrKeyChanged, fmt.Sprintf("key %d was retired", key.id))
	}
	return v.retiredLocked("check")
}

// retiredLocked forgets the retired key and locks the vault; v.mu is held.
// With a keyring, the next Unlock stores the live key in it (KeyringError
// set is what asks for that).
func (v *Vault) retiredLocked(op string) error {
	id := v.key.id
	v.key, v.state = nil, StateLocked
	if v.keyring != nil {
		v.keyringErr = fmt.Errorf("%w: key %d is retired", ErrKeyChanged, id)
	}
	return fail("vault.error.keyChanged", ErrKeyChanged, fmt.Sprintf("%s: key %d was retired", op, id))
}
