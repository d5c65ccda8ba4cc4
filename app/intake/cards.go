package intake

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"madoguchi/app/vault"
)

// An index card is what search and the similar-person check read of an
// application: the items they compare and show, and nothing else, sealed
// on its own in intake_persons (one narrow row an application). A lookup
// that finds a few hundred candidates then opens a few hundred small
// values in one query, instead of a few hundred sealed answers (kilobytes
// each, in rows spread over the widest table) one query at a time: at a
// million applications that was most of a search's time.
//
// The card is written with the terms (writeTerms, insertTerms, rebuildTerms),
// so it always holds what the answers hold; a draft with no answers yet has
// an empty card.
type card struct {
	Name    string `json:"n,omitempty"`
	Alias   string `json:"a,omitempty"`
	Kana    string `json:"k,omitempty"`
	Birth   string `json:"b,omitempty"` // ISO date
	Address string `json:"d,omitempty"`
	Sex     string `json:"s,omitempty"`
}

func cardOf(a Answers) card {
	return card{Name: a[fieldName], Alias: a[fieldAlias], Kana: a[fieldNameKana], Birth: a[fieldBirthDate],
		Address: a["address"], Sex: a["sex"]}
}

// person is the card as app/intake's Person, with the status the caller
// read from the application.
func (c card) person(id int64, status string) Person {
	return Person{ID: id, Status: status, Name: c.Name, NameKana: c.Kana, Address: c.Address, BirthDate: c.Birth, Sex: c.Sex}
}

// sealer is what seals a card: the vault, or a rotation's new key.
type sealer interface{ Seal([]byte) ([]byte, error) }

func sealCard(s sealer, a Answers) ([]byte, error) {
	sealed, err := vault.SealJSON(s, cardOf(a))
	if err != nil {
		return nil, fmt.Errorf("seal the index card: %w", err)
	}
	return sealed, nil
}

// writeCard files the application's card, replacing the one it had.
func writeCard(ctx context.Context, tx *sql.Tx, id int64, sealed []byte) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO intake_persons (application_id, card) VALUES (?, ?)
		 ON CONFLICT (application_id) DO UPDATE SET card = excluded.card`, id, sealed)
	if err != nil {
		return fmt.Errorf("file the index card of application %d: %w", id, err)
	}
	return nil
}

// cardsOf opens the cards of the applications with the given ids, in one
// query. An application without a card (a draft never saved) is absent.
func (s *Service) cardsOf(ctx context.Context, ids []int64) (map[int64]card, error) {
	out := make(map[int64]card, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT application_id, card FROM intake_persons WHERE application_id IN (`+inList(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("read index cards: %w", err)
	}
	defer rows.Close()
	return out, s.scanCards(rows, out)
}

// filedCards opens the cards of the applications filed under any of terms,
// in one query.
func (s *Service) filedCards(ctx context.Context, terms []int64) (map[int64]card, error) {
	out := map[int64]card{}
	if len(terms) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT application_id, card FROM intake_persons WHERE application_id IN
		   (SELECT application_id FROM intake_terms WHERE term IN (`+inList(len(terms))+`))`, int64Args(terms)...)
	if err != nil {
		return nil, fmt.Errorf("read index cards: %w", err)
	}
	defer rows.Close()
	return out, s.scanCards(rows, out)
}

func (s *Service) scanCards(rows *sql.Rows, into map[int64]card) error {
	for rows.Next() {
		var id int64
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return fmt.Errorf("read index cards: %w", err)
		}
		var c card
		if err := vault.OpenJSON(s.vault, sealed, &c); err != nil {
			return fmt.Errorf("open the index card of application %d: %w", id, err)
		}
		into[id] = c
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read index cards: %w", err)
	}
	return nil
}

// listing is what a result list shows of an application besides its card.
type listing struct {
	status, updatedAt string
}

// listings reads the status and last change of the given applications, in
// one query.
func (s *Service) listings(ctx context.Context, ids []int64) (map[int64]listing, error) {
	out := make(map[int64]listing, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, status, updated_at FROM intake_applications WHERE id IN (`+inList(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("read applications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l listing
		if err := rows.Scan(&id, &l.status, &l.updatedAt); err != nil {
			return nil, fmt.Errorf("read applications: %w", err)
		}
		out[id] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read applications: %w", err)
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
