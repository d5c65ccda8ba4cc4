package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNotRecorded wraps every failure to write an entry through a Hook or
// Record (a full disk, a read-only file, a broken entry). Whoever gets it
// must not let the action stand: no audit record, no action. The desk turns
// it into the problem audit.error.notRecorded.
var ErrNotRecorded = errors.New("audit: the entry could not be recorded")

// Hook writes the audit record of an action inside the action's own
// transaction. The service that acts calls it after its own writes and
// before its commit, with what it did (done: usually the ID of the record it
// acted on, which for a new record is known only then), so that the action
// and its record commit together or not at all. A failing hook makes the
// service roll back and return the hook's error. Services take a Hook as a
// parameter rather than holding a *Log, so that each call says what it
// records; a nil Hook records nothing (tests, and tools that record in their
// own way).
type Hook[T any] func(ctx context.Context, tx *sql.Tx, done T) error

// Run calls h unless it is nil.
func (h Hook[T]) Run(ctx context.Context, tx *sql.Tx, done T) error {
	if h == nil {
		return nil
	}
	return h(ctx, tx, done)
}

// Entries returns the Hook that appends to l, in the action's transaction,
// the entries build makes of what the service did. Any failure, building
// nothing included, wraps ErrNotRecorded. A nil l gives a hook that always
// fails: a service given no log must not act unrecorded.
func Entries[T any](l *Log, build func(done T) []Entry) Hook[T] {
	return func(ctx context.Context, tx *sql.Tx, done T) error {
		if l == nil {
			return fmt.Errorf("%w: no audit log", ErrNotRecorded)
		}
		entries := build(done)
		if len(entries) == 0 {
			return fmt.Errorf("%w: no entry to record", ErrNotRecorded)
		}
		if _, err := l.AppendAll(ctx, tx, entries); err != nil {
			return fmt.Errorf("%w: %w", ErrNotRecorded, err)
		}
		return nil
	}
}
