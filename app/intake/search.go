package intake

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"madoguchi/app/vault"
)

// defaultLimit is the number of results when the caller asks for none.
const defaultLimit = 50

// Search finds applications by name, alias or reading, or by birth date;
// an empty query lists the most recently changed. limit <= 0 means 50.
//
// What a query finds (query.matches) is decided on the opened index cards
// (cards.go); the blind index (terms.go) only finds the candidates, through
// the primary key of intake_terms, so a search costs a few index lookups
// and a few queries of at most about limit rows, whatever the number of
// applications:
//
//   - a birth date, typed in the Western or the Japanese calendar
//     (parseDateQuery): the applications born that day;
//   - anything else: the applications whose name or alias, or whose reading,
//     starts with the query, taken whole or from any of its parts (family
//     or given name); width, case, spaces, ・ and hiragana/katakana ignored.
//     A query found only inside a part (田太 in 山田太郎) finds nothing.
//
// Found applications come newest first (by application number).
func (s *Service) Search(ctx context.Context, query string, limit int) ([]Summary, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	q := parseQuery(query)
	if q.all {
		return s.recent(ctx, limit)
	}
	if _, err := s.EnsureIndex(ctx); err != nil {
		return nil, fmt.Errorf("search applications: %w", err)
	}
	// Under a key another desk retired, terms would find nothing, silently.
	if err := s.vault.CheckKey(ctx, s.db); err != nil {
		return nil, wrapTech(err, "search applications")
	}
	b, err := s.vault.Blinder()
	if err != nil {
		return nil, fmt.Errorf("search applications: %w", err)
	}
	if q.date != "" {
		return s.bornOn(ctx, q, b, limit)
	}
	c := newCandidates(s.db, q.terms(b), limit)
	out := []Summary{}
	for len(out) < limit {
		// Nearly every candidate matches (a term is the query's own
		// prefix), so one batch is usually the whole answer.
		ids, err := c.take(ctx, limit-len(out))
		if err != nil {
			return nil, fmt.Errorf("search applications: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		found, err := s.matching(ctx, q, ids)
		if err != nil {
			return nil, fmt.Errorf("search applications: %w", err)
		}
		out = append(out, found...)
	}
	return out, nil
}

// bornOn answers a birth-date query from the cards filed under the date's
// person term (intake_person_terms), newest first, a page at a time.
func (s *Service) bornOn(ctx context.Context, q query, b *vault.Blinder, limit int) ([]Summary, error) {
	term := b.Term(domainBirth, q.date)
	out := []Summary{}
	for below := int64(math.MaxInt64); len(out) < limit; {
		page, err := s.readCardList(ctx, `SELECT application_id, card, status, updated_at FROM intake_person_terms
			WHERE term = ? AND application_id < ? ORDER BY application_id DESC LIMIT ?`, term, below, limit)
		if err != nil {
			return nil, fmt.Errorf("search applications: %w", err)
		}
		for _, c := range page {
			if q.matches(c.card) && len(out) < limit {
				out = append(out, c.summary())
			}
		}
		if len(page) < limit {
			break
		}
		below = page[len(page)-1].id
	}
	return out, nil
}

// matching opens the cards of ids and returns, in the order of ids, the
// summaries of those the query matches.
func (s *Service) matching(ctx context.Context, q query, ids []int64) ([]Summary, error) {
	cards, err := s.cardsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, id := range ids {
		if c, ok := cards[id]; ok && q.matches(c.card) {
			out = append(out, c.summary())
		}
	}
	return out, nil
}

// recent lists the most recently changed applications, through the index
// on updated_at.
func (s *Service) recent(ctx context.Context, limit int) ([]Summary, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, status, answers, updated_at FROM intake_applications ORDER BY updated_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var sum Summary
		var sealed []byte
		if err := rows.Scan(&sum.ID, &sum.Status, &sealed, &sum.UpdatedAt); err != nil {
			return nil, fmt.Errorf("list applications: %w", err)
		}
		a, err := s.open(sealed)
		if err != nil {
			return nil, fmt.Errorf("list applications: open %d: %w", sum.ID, err)
		}
		out = append(out, sum.with(a))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	return out, nil
}

func (sum Summary) with(a Answers) Summary {
	sum.Name, sum.NameKana, sum.BirthDate = a[fieldName], a[fieldNameKana], a[fieldBirthDate]
	return sum
}

// query is a search as staff typed it, read once.
type query struct {
	all           bool   // nothing typed: list the newest
	date          string // ISO birth date, when the query reads as one
	name, reading string // the query folded as a name and as a reading
}

func parseQuery(s string) query {
	if strings.TrimSpace(norm.NFKC.String(s)) == "" {
		return query{all: true}
	}
	if date, ok := parseDateQuery(s); ok {
		return query{date: date}
	}
	return query{name: foldName(s), reading: foldReading(s)}
}

// matches is what a query finds, decided on the opened card.
func (q query) matches(c card) bool {
	switch {
	case q.all:
		return true
	case q.date != "":
		return c.Birth == q.date
	}
	return startsAny(nameKeys(c.Name), q.name) ||
		startsAny(nameKeys(c.Alias), q.name) ||
		(q.reading != "" && startsAny(readingKeys(c.Kana), q.reading))
}

func startsAny(keys []string, prefix string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// terms are the blind-index terms under which every application the query
// matches is filed (termsOf files every prefix up to maxPrefix).
func (q query) terms(b *vault.Blinder) []int64 {
	if q.date != "" {
		return []int64{b.Term(domainBirth, q.date)}
	}
	terms := []int64{b.Term(domainName, lookupPrefix(q.name))}
	if q.reading != "" {
		terms = append(terms, b.Term(domainReading, lookupPrefix(q.reading)))
	}
	return terms
}

var (
	isoQuery     = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	kanjiQuery   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日?$`)
	compactQuery = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	warekiQuery  = regexp.MustCompile(`^(\D+?)\.?(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$`)
)

// parseDateQuery reads a birth date as staff type it: 1990-04-01,
// 1990/4/1, 19900401, 1990年4月1日, or in the Japanese calendar 平成2年4月1日,
// 平成元年4月1日, H2.4.1, 平2.4.1 (NFKC also turns ㍻ into 平成). It returns
// the ISO date.
func parseDateQuery(q string) (string, bool) {
	q = strings.ReplaceAll(cleanText(q), " ", "")
	for _, re := range []*regexp.Regexp{isoQuery, kanjiQuery, compactQuery} {
		if m := re.FindStringSubmatch(q); m != nil {
			t, p := realDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
			return isoDate(t, p == nil)
		}
	}
	m := warekiQuery.FindStringSubmatch(q)
	if m == nil {
		return "", false
	}
	id, ok := eraByPrefix(m[1])
	if !ok {
		return "", false
	}
	year := 1
	if m[2] != "元" {
		year = atoi(m[2])
	}
	t, p := FromEra(EraDate{Era: id, Year: year, Month: atoi(m[3]), Day: atoi(m[4])})
	return isoDate(t, p == nil)
}

func isoDate(t time.Time, ok bool) (string, bool) {
	if !ok {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// eraByPrefix accepts an era's full name (平成), first character (平) or
// letter (H or h).
func eraByPrefix(s string) (string, bool) {
	for _, e := range eras {
		if s == e.kanji || s == string([]rune(e.kanji)[:1]) || strings.EqualFold(s, e.letter) {
			return e.id, true
		}
	}
	return "", false
}

// atoi is for regexp groups that are already digits only.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
