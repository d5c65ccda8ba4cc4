package intake

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Bulk writes many applications, one transaction after another (madoguchi
// seed), and files their terms in sorted runs instead of with each
// application. A term goes to a random place in the index: filed with its
// application, each batch of a seed changed most of the index's pages at a
// million applications, and every commit wrote them all again. Held back
// and filed a few million at a time in term order, each run writes each
// page once.
//
// While a bulk write runs, the index is marked incomplete in every batch's
// transaction, so a desk that opens the database meanwhile rebuilds it
// (EnsureIndex) rather than miss what the run holds back, and a seed killed
// before Finish leaves an index the next search rebuilds. (A desk that found
// the index complete before the run began does not look again: it finds
// the run's applications once Finish files their terms.) Use one Bulk from
// one goroutine.
type Bulk struct {
	s       *Service
	run     int     // terms held before filing: bulkRun
	staged  []filed // written in the open transaction
	pending []filed // committed, not yet filed
}

// filed is one row of intake_terms, or with a card one of
// intake_person_terms.
type filed struct {
	term, id int64
	card     *heldCard
}

// heldCard is a card held back with its person terms.
type heldCard struct {
	sealed []byte
	listing
}

// bulkRun is how many terms a Bulk holds before filing them (16 bytes
// each: 64 MiB), some 100,000 applications' worth.
const bulkRun = 4 << 20

// Bulk starts a bulk write. It first completes the index (EnsureIndex): a
// database indexed by an older version must not be marked complete by
// Finish with its older applications missing.
func (s *Service) Bulk(ctx context.Context) (*Bulk, error) {
	if _, err := s.EnsureIndex(ctx); err != nil {
		return nil, fmt.Errorf("start a bulk write: %w", err)
	}
	return &Bulk{s: s, run: bulkRun}, nil
}

// Write inserts p in tx as Service.Write does, holding its terms back.
func (b *Bulk) Write(ctx context.Context, tx *sql.Tx, p *Prepared) (int64, error) {
	if len(b.staged) == 0 {
		if err := markIndexIncomplete(ctx, tx); err != nil {
			return 0, err
		}
		b.s.index.ready.Store(false)
	}
	id, err := b.s.insert(ctx, tx, p)
	if err != nil {
		return 0, err
	}
	for _, t := range p.terms {
		b.staged = append(b.staged, filed{term: t, id: id})
	}
	card := &heldCard{sealed: p.card, listing: p.listing()}
	for _, t := range p.persons {
		b.staged = append(b.staged, filed{term: t, id: id, card: card})
	}
	return id, nil
}

// Committed tells b that the transaction of the last Writes committed: their
// terms join the pending ones, which are filed once there are enough for a
// run.
func (b *Bulk) Committed(ctx context.Context) error {
	b.pending = append(b.pending, b.staged...)
	b.staged = b.staged[:0]
	if len(b.pending) < b.run {
		return nil
	}
	return b.file(ctx, false)
}

// Discard tells b that the transaction of the last Writes did not commit.
func (b *Bulk) Discard() { b.staged = b.staged[:0] }

// Finish files the pending terms and marks the index complete again.
func (b *Bulk) Finish(ctx context.Context) error {
	b.Discard()
	return b.file(ctx, true)
}

// file writes the pending terms in term order, in one transaction that
// holds the key they were made under; complete also marks the index
// complete, which it is once every term a bulk write held back is filed.
func (b *Bulk) file(ctx context.Context, complete bool) error {
	slices.SortFunc(b.pending, func(x, y filed) int {
		if x.term != y.term {
			return cmp.Compare(x.term, y.term)
		}
		return cmp.Compare(x.id, y.id)
	})
	var terms, cards []filed // both in term order
	for _, f := range b.pending {
		if f.card != nil {
			cards = append(cards, f)
		} else {
			terms = append(terms, f)
		}
	}
	err := b.s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := b.s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		for rows := terms; len(rows) > 0; {
			n := min(len(rows), termsPerInsert)
			if err := insertFiled(ctx, tx, rows[:n]); err != nil {
				return err
			}
			rows = rows[n:]
		}
		for rows := cards; len(rows) > 0; {
			n := min(len(rows), termsPerInsert/2)
			if err := insertFiledCards(ctx, tx, rows[:n]); err != nil {
				return err
			}
			rows = rows[n:]
		}
		if !complete {
			return nil
		}
		return markIndexComplete(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("file the held-back index terms: %w", err)
	}
	b.pending = b.pending[:0]
	if complete {
		b.s.index.ready.Store(true)
	}
	return nil
}

// insertFiledCards files held-back cards under their person terms.
func insertFiledCards(ctx context.Context, tx *sql.Tx, rows []filed) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO intake_person_terms (term, application_id, card, status, updated_at) VALUES `)
	args := make([]any, 0, 5*len(rows))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?)")
		args = append(args, r.term, r.id, r.card.sealed, r.card.status, r.card.updatedAt)
	}
	q.WriteString(` ON CONFLICT DO NOTHING`)
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}

func insertFiled(ctx context.Context, tx *sql.Tx, rows []filed) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO intake_terms (term, application_id) VALUES `)
	args := make([]any, 0, 2*len(rows))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?)")
		args = append(args, r.term, r.id)
	}
	q.WriteString(` ON CONFLICT DO NOTHING`)
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}

// markIndexIncomplete makes the next search rebuild the index
// (EnsureIndex) unless a bulk write's Finish marks it complete first.
func markIndexIncomplete(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM intake_settings WHERE name = ?`, settingTermsVersion); err != nil {
		return fmt.Errorf("mark the index incomplete: %w", err)
	}
	return nil
}

func markIndexComplete(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO intake_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
		settingTermsVersion, termsVersion)
	if err != nil {
		return fmt.Errorf("mark the index complete: %w", err)
	}
	return nil
}
