package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"madoguchi/app/people"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// The blind index. Answers are sealed, so SQL cannot search them; instead
// every application is filed in intake_terms under keyed hashes (terms,
// vault.Blinder) of the normalised items that search and the similar-person
// check look up. A lookup finds candidate rows by term through the primary
// key; each candidate is then opened and checked against the query itself,
// so a term shared by chance never shows a wrong row.
//
// Terms are written in the transaction that writes the answers (change,
// Write), and recomputed for every row under the new key by Reseal (vault
// Setup and Rotate). Applications are never deleted, so terms are never
// orphaned.

// Term domains: what a term is a hash of. Changing what goes into a domain,
// or how values are folded, must bump termsVersion so that EnsureIndex
// rebuilds the index of an existing database.
const (
	// domainName: each prefix (up to maxPrefix characters) of the folded
	// name and alias, whole and of each space-separated part.
	domainName = "name.prefix"
	// domainReading: the same for the reading, parts split at spaces and ・.
	domainReading = "reading.prefix"
	// domainBirth: the ISO birth date (people.Keys.Birth: the same value).
	domainBirth = "birth"
	// domainPersonName and domainPersonAddress: people.Keys, the items the
	// similar-person check needs equal.
	domainPersonName    = "person.name"
	domainPersonAddress = "person.address"
)

// maxPrefix bounds the prefixes filed per value. A longer query is looked
// up by its first maxPrefix characters and checked on the opened rows.
const maxPrefix = 8

// termsVersion is what intake_settings.termsVersion holds when every
// application's terms are in the table.
const (
	settingTermsVersion = "termsVersion"
	termsVersion        = "2" // 2: with index cards (cards.go)
)

// termIndex is the index state shared by every copy of a Service (At,
// RecordingNumbers): whether this database's index is known complete.
type termIndex struct {
	mu    sync.Mutex // one rebuild at a time
	ready atomic.Bool
}

// termsOf lists the terms an application is filed under, sorted, without
// repeats.
func termsOf(b *vault.Blinder, a Answers) []int64 {
	var out []int64
	add := func(domain, value string) {
		if value != "" {
			out = append(out, b.Term(domain, value))
		}
	}
	for _, field := range []string{fieldName, fieldAlias} {
		for _, key := range nameKeys(a[field]) {
			for _, p := range prefixes(key) {
				add(domainName, p)
			}
		}
	}
	for _, key := range readingKeys(a[fieldNameKana]) {
		for _, p := range prefixes(key) {
			add(domainReading, p)
		}
	}
	out = append(out, personTermsOf(b, a)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// personTermsOf are the terms of an application's people.Keys, under which
// its card is also filed, clustered by term (intake_person_terms).
func personTermsOf(b *vault.Blinder, a Answers) []int64 {
	return keyTerms(b, people.LookupKeys(asPerson(personOf(0, "", a))))
}

// keyTerms are the terms of keys (birth, name, address), the empty ones
// left out.
func keyTerms(b *vault.Blinder, keys people.Keys) []int64 {
	var out []int64
	for _, k := range []struct{ domain, value string }{
		{domainBirth, keys.Birth}, {domainPersonName, keys.Name}, {domainPersonAddress, keys.Address},
	} {
		if k.value != "" {
			out = append(out, b.Term(k.domain, k.value))
		}
	}
	return out
}

// nameKeys are the forms a name search matches the start of: the whole
// folded name and, for a name of several parts, each part (so a given name
// alone finds the person).
func nameKeys(name string) []string {
	return keysOf(foldName(name), strings.Fields(cleanText(name)), foldName)
}

// readingKeys are nameKeys for the reading, parts split at spaces and ・.
func readingKeys(reading string) []string {
	parts := strings.FieldsFunc(toKatakana(cleanText(reading)), func(r rune) bool { return r == ' ' || r == '・' })
	return keysOf(foldReading(reading), parts, foldReading)
}

func keysOf(whole string, parts []string, fold func(string) string) []string {
	if whole == "" {
		return nil
	}
	keys := []string{whole}
	if len(parts) > 1 {
		for _, p := range parts {
			keys = append(keys, fold(p))
		}
	}
	return keys
}

// prefixes are s's first 1, 2, ... maxPrefix characters.
func prefixes(s string) []string {
	var out []string
	n := 0
	for i := range s {
		if i > 0 {
			out = append(out, s[:i])
		}
		if n++; n > maxPrefix {
			return out
		}
	}
	return append(out, s)
}

// lookupPrefix is the prefix a query of any length is looked up by.
func lookupPrefix(q string) string {
	n := 0
	for i := range q {
		if n == maxPrefix {
			return q[:i]
		}
		n++
	}
	return q
}

// writeTerms files the application under after instead of before (both
// sorted, as termsOf returns them), touching only the terms that changed.
func writeTerms(ctx context.Context, tx *sql.Tx, id int64, before, after []int64) error {
	for _, t := range before {
		if _, found := slices.BinarySearch(after, t); !found {
			if _, err := tx.ExecContext(ctx, `DELETE FROM intake_terms WHERE term = ? AND application_id = ?`, t, id); err != nil {
				return fmt.Errorf("unfile application %d: %w", id, err)
			}
		}
	}
	var added []int64
	for _, t := range after {
		if _, found := slices.BinarySearch(before, t); !found {
			added = append(added, t)
		}
	}
	return insertTerms(ctx, tx, id, added)
}

// termsPerInsert keeps one INSERT's parameters (two a term: 400) well under
// SQLite's (32,766 since 3.32; 999 before) and PostgreSQL's (65,535), and
// its text small. An application has a few dozen terms: one statement each.
const termsPerInsert = 200

// insertTerms files id under terms, a few hundred rows a statement: a
// rebuild or a bulk seed writes tens of rows per application.
func insertTerms(ctx context.Context, tx *sql.Tx, id int64, terms []int64) error {
	for len(terms) > 0 {
		n := min(len(terms), termsPerInsert)
		var q strings.Builder
		q.WriteString(`INSERT INTO intake_terms (term, application_id) VALUES `)
		args := make([]any, 0, 2*n)
		for i, t := range terms[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?)")
			args = append(args, t, id)
		}
		q.WriteString(` ON CONFLICT DO NOTHING`)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("file application %d: %w", id, err)
		}
		terms = terms[n:]
	}
	return nil
}

// EnsureIndex builds the index of a database whose applications were
// written before it existed (or by an older folding): once, in one
// transaction, with the data key open. It returns how many applications
// it filed (0 when the index was complete). Search and Similar call it.
func (s *Service) EnsureIndex(ctx context.Context) (int, error) {
	if s.index.ready.Load() {
		return 0, nil
	}
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	if done, err := indexComplete(ctx, s.db); err != nil || done {
		s.index.ready.Store(done)
		return 0, err
	}
	var n int
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		if err := s.lockTerms(ctx, tx); err != nil {
			return err
		}
		// Another desk may have built it while this one waited.
		if done, err := indexComplete(ctx, tx); err != nil || done {
			return err
		}
		b, err := s.vault.Blinder() // the held key's
		if err != nil {
			return fmt.Errorf("build the index: %w", err)
		}
		n, err = rebuildTerms(ctx, tx, b, s.open, s.vault)
		return err
	})
	if err != nil {
		return 0, err
	}
	s.index.ready.Store(true)
	return n, nil
}

// indexComplete reports whether every application's terms are filed.
func indexComplete(ctx context.Context, q querier) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM intake_settings WHERE name = ?`, settingTermsVersion).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("index state: %w", err)
	}
	return v == termsVersion, nil
}

// lockTerms keeps every other transaction from filing or unfiling terms
// until tx ends, for a rebuild of the whole index: on PostgreSQL a table
// lock that conflicts with itself and with every INSERT or DELETE, but not
// with reads; a desk saving meanwhile waits, then refiles its application
// from the terms the rebuild wrote. SQLite's immediate transaction already
// writes alone.
func (s *Service) lockTerms(ctx context.Context, tx *sql.Tx) error {
	if s.db.Engine != store.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `LOCK TABLE intake_terms, intake_persons, intake_person_terms IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("build the index: %w", err)
	}
	return nil
}

// rebuildBatch is how many applications a rebuild opens before it writes
// their terms: memory stays flat whatever the number of applications.
const rebuildBatch = 1000

// rebuildTerms refiles every application, terms and index card: after a
// rotation (new key) or for a database whose index is missing or older.
// open reads the sealed answers; sealer seals the cards.
func rebuildTerms(ctx context.Context, tx *sql.Tx, b *vault.Blinder, open func([]byte) (Answers, error), sealer sealer) (int, error) {
	for _, table := range []string{"intake_terms", "intake_persons", "intake_person_terms"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return 0, fmt.Errorf("rebuild the index: %w", err)
		}
	}
	total := 0
	for after := int64(0); ; {
		batch, err := readBatch(ctx, tx, after, open)
		if err != nil {
			return 0, fmt.Errorf("rebuild the index: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		for _, r := range batch {
			if err := insertTerms(ctx, tx, r.id, termsOf(b, r.answers)); err != nil {
				return 0, fmt.Errorf("rebuild the index: %w", err)
			}
			sealed, err := sealCard(sealer, r.answers)
			if err != nil {
				return 0, fmt.Errorf("rebuild the index: %w", err)
			}
			if err := fileCard(ctx, tx, r.id, sealed, r.listing, nil, personTermsOf(b, r.answers)); err != nil {
				return 0, fmt.Errorf("rebuild the index: %w", err)
			}
		}
		total += len(batch)
		after = batch[len(batch)-1].id
	}
	if err := markIndexComplete(ctx, tx); err != nil {
		return 0, fmt.Errorf("rebuild the index: %w", err)
	}
	return total, nil
}

type openedRow struct {
	id      int64
	answers Answers
	listing
}

// readBatch opens the next rebuildBatch applications after id after. The
// cursor is closed before the caller writes.
func readBatch(ctx context.Context, tx *sql.Tx, after int64, open func([]byte) (Answers, error)) ([]openedRow, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT id, answers, status, updated_at FROM intake_applications WHERE id > ? ORDER BY id LIMIT ?`, after, rebuildBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []openedRow
	for rows.Next() {
		var r openedRow
		var sealed []byte
		if err := rows.Scan(&r.id, &sealed, &r.status, &r.updatedAt); err != nil {
			return nil, err
		}
		if r.answers, err = open(sealed); err != nil {
			return nil, fmt.Errorf("open %d: %w", r.id, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// candidates walks the applications filed under any of a few terms, newest
// (highest number) first, without repeats, reading each term's rows a page
// at a time through the primary key (term, application_id).
type candidates struct {
	db    *store.DB
	page  int
	lists []*termList
}

type termList struct {
	term  int64
	ids   []int64 // fetched, not yet taken, descending
	below int64   // the next page starts below this id; 0: none left
}

func newCandidates(db *store.DB, terms []int64, limit int) *candidates {
	c := &candidates{db: db, page: limit + limit/2 + 8}
	slices.Sort(terms)
	for _, t := range slices.Compact(terms) {
		c.lists = append(c.lists, &termList{term: t, below: math.MaxInt64})
	}
	return c
}

// take returns up to n of the next ids, highest first; none when all are
// taken.
func (c *candidates) take(ctx context.Context, n int) ([]int64, error) {
	var ids []int64
	for len(ids) < n {
		id, err := c.next(ctx)
		if err != nil || id == 0 {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// next returns the highest id not yet returned, 0 when there is none.
func (c *candidates) next(ctx context.Context) (int64, error) {
	var best int64
	for _, l := range c.lists {
		if len(l.ids) == 0 && l.below != 0 {
			if err := c.fill(ctx, l); err != nil {
				return 0, err
			}
		}
		if len(l.ids) > 0 && l.ids[0] > best {
			best = l.ids[0]
		}
	}
	for _, l := range c.lists {
		if len(l.ids) > 0 && l.ids[0] == best {
			l.ids = l.ids[1:]
		}
	}
	return best, nil
}

func (c *candidates) fill(ctx context.Context, l *termList) error {
	rows, err := c.db.QueryContext(ctx,
		`SELECT application_id FROM intake_terms WHERE term = ? AND application_id < ?
		 ORDER BY application_id DESC LIMIT ?`, l.term, l.below, c.page)
	if err != nil {
		return fmt.Errorf("look up the index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("look up the index: %w", err)
		}
		l.ids = append(l.ids, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("look up the index: %w", err)
	}
	l.below = 0
	if len(l.ids) == c.page {
		l.below = l.ids[len(l.ids)-1]
	}
	return nil
}
