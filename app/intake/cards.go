package intake

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"madoguchi/app/people"
)

// An index card is what search and the similar-person check read of an
// application: the items they compare and show, and nothing else, sealed
// on its own in intake_persons (one narrow row an application, beside the
// application's status and last change in plain columns, as in
// intake_applications). A lookup that finds a few hundred candidates then
// opens a few hundred small values in one query, instead of a few hundred
// sealed answers (kilobytes each, in rows spread over the widest table) one
// query at a time: at a million applications that was most of a search's
// time.
//
// The card is written with the terms (writeTerms, insertTerms, rebuildTerms,
// Bulk), so it always holds what the answers hold; a draft with no answers
// yet has none.
type card struct {
	Name, Alias, Kana string
	Birth             string // ISO date
	Address, Sex      string
	// Keys are the items as the similar-person check compares them,
	// normalised once when the card is written.
	Keys people.Normalized
}

func cardOf(a Answers) card {
	c := card{Name: a[fieldName], Alias: a[fieldAlias], Kana: a[fieldNameKana], Birth: a[fieldBirthDate],
		Address: a["address"], Sex: a["sex"]}
	c.Keys = people.Normalize(asPerson(c.person(0, "")))
	return c
}

// person is the card as app/intake's Person, with the application's status.
func (c card) person(id int64, status string) Person {
	return Person{ID: id, Status: status, Name: c.Name, NameKana: c.Kana, Address: c.Address, BirthDate: c.Birth, Sex: c.Sex}
}

// cardFormat is the first byte of an encoded card. A card is a run of
// length-prefixed strings, not JSON: a similar-person check decodes a few
// hundred of them, and JSON took most of that time.
const cardFormat = 1

func (c card) encode() []byte {
	out := []byte{cardFormat}
	for _, f := range c.fieldPtrs() {
		out = binary.AppendUvarint(out, uint64(len(*f)))
		out = append(out, *f...)
	}
	return out
}

func decodeCard(b []byte) (card, error) {
	var c card
	if len(b) == 0 || b[0] != cardFormat {
		return c, errors.New("not an index card")
	}
	b = b[1:]
	for _, f := range (&c).fieldPtrs() {
		n, size := binary.Uvarint(b)
		if size <= 0 || n > uint64(len(b)-size) {
			return c, errors.New("a truncated index card")
		}
		*f = string(b[size : size+int(n)])
		b = b[size+int(n):]
	}
	if len(b) != 0 {
		return c, errors.New("an index card with trailing bytes")
	}
	return c, nil
}

// fieldPtrs are c's fields in encoding order, to decode into.
func (c *card) fieldPtrs() []*string {
	return []*string{&c.Name, &c.Alias, &c.Kana, &c.Birth, &c.Address, &c.Sex,
		&c.Keys.Name, &c.Keys.Reading, &c.Keys.Address, &c.Keys.Birth}
}

// sealer is what seals a card: the vault, or a rotation's new key.
type sealer interface{ Seal([]byte) ([]byte, error) }

func sealCard(s sealer, a Answers) ([]byte, error) {
	sealed, err := s.Seal(cardOf(a).encode())
	if err != nil {
		return nil, fmt.Errorf("seal the index card: %w", err)
	}
	return sealed, nil
}

// fileCard writes the application's card and listing (writeCard) and files
// a copy under each of its person terms (personTermsOf) in
// intake_person_terms, in place of those it had under before. That table is
// clustered by term: the applications that share a birth date, a name or an
// address, which a similar-person check and a birth-date search read, are
// one run of rows there, read in one pass instead of one lookup each.
func fileCard(ctx context.Context, tx *sql.Tx, id int64, sealed []byte, l listing, before, after []int64) error {
	if err := writeCard(ctx, tx, id, sealed, l); err != nil {
		return err
	}
	for _, t := range before {
		if slices.Contains(after, t) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM intake_person_terms WHERE term = ? AND application_id = ?`, t, id); err != nil {
			return fmt.Errorf("unfile the index card of application %d: %w", id, err)
		}
	}
	return filePersonTerms(ctx, tx, sealed, l, after, id)
}

// filePersonTerms files one card under terms.
func filePersonTerms(ctx context.Context, tx *sql.Tx, sealed []byte, l listing, terms []int64, id int64) error {
	for _, t := range terms {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO intake_person_terms (term, application_id, card, status, updated_at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (term, application_id) DO UPDATE SET card = excluded.card, status = excluded.status, updated_at = excluded.updated_at`,
			t, id, sealed, l.status, l.updatedAt)
		if err != nil {
			return fmt.Errorf("file the index card of application %d: %w", id, err)
		}
	}
	return nil
}

// writeCard files the application's card with its status and last change
// (as just written to intake_applications), replacing what it had.
func writeCard(ctx context.Context, tx *sql.Tx, id int64, sealed []byte, l listing) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO intake_persons (application_id, card, status, updated_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (application_id) DO UPDATE SET card = excluded.card, status = excluded.status, updated_at = excluded.updated_at`,
		id, sealed, l.status, l.updatedAt)
	if err != nil {
		return fmt.Errorf("file the index card of application %d: %w", id, err)
	}
	return nil
}

// filedCard is an application's card with its status and last change.
type filedCard struct {
	id int64
	card
	listing
}

func (c filedCard) summary() Summary {
	return Summary{ID: c.id, Status: c.status, UpdatedAt: c.updatedAt, Name: c.Name, NameKana: c.Kana, BirthDate: c.Birth}
}

// listing is what a result list shows of an application besides its card.
type listing struct {
	status, updatedAt string
}

// cardsOf opens the cards of the applications with the given ids, in one
// query. An application without a card (a draft never saved) is absent.
func (s *Service) cardsOf(ctx context.Context, ids []int64) (map[int64]filedCard, error) {
	if len(ids) == 0 {
		return map[int64]filedCard{}, nil
	}
	return s.readCards(ctx, `SELECT application_id, card, status, updated_at FROM intake_persons
		WHERE application_id IN (`+inList(len(ids))+`)`, int64Args(ids))
}

// filedCards opens, in one pass over intake_person_terms, the cards filed
// under any of terms (person terms: personTermsOf).
func (s *Service) filedCards(ctx context.Context, terms []int64) (map[int64]filedCard, error) {
	if len(terms) == 0 {
		return map[int64]filedCard{}, nil
	}
	return s.readCards(ctx, `SELECT application_id, card, status, updated_at FROM intake_person_terms
		WHERE term IN (`+inList(len(terms))+`)`, int64Args(terms))
}

// readCards is readCardList by application.
func (s *Service) readCards(ctx context.Context, query string, args []any) (map[int64]filedCard, error) {
	list, err := s.readCardList(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]filedCard, len(list))
	for _, c := range list {
		out[c.id] = c
	}
	return out, nil
}

// readCardList runs a query of (application_id, card, status, updated_at)
// and opens each card, in the query's order.
func (s *Service) readCardList(ctx context.Context, query string, args ...any) ([]filedCard, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read index cards: %w", err)
	}
	defer rows.Close()
	var out []filedCard
	for rows.Next() {
		var f filedCard
		var sealed []byte
		if err := rows.Scan(&f.id, &sealed, &f.status, &f.updatedAt); err != nil {
			return nil, fmt.Errorf("read index cards: %w", err)
		}
		plain, err := s.vault.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("open the index card of application %d: %w", f.id, err)
		}
		if f.card, err = decodeCard(plain); err != nil {
			return nil, fmt.Errorf("open the index card of application %d: %w", f.id, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read index cards: %w", err)
	}
	return out, nil
}

// inList is "?, ?, ..." for n values (n > 0).
func inList(n int) string {
	return "?" + strings.Repeat(", ?", n-1)
}

func int64Args(vs []int64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
