package intake

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// defaultLimit is the number of results when the caller asks for none.
const defaultLimit = 50

// Search finds applications by name or alias, by reading, or by birth date,
// newest first; an empty query lists the newest. limit <= 0 means 50.
//
// The answers are sealed, so SQL cannot filter them: every row is opened
// and matched in Go. That is fine for one office's applications (thousands
// of rows open in milliseconds); a blind index of folded names and dates
// will be needed once the vault encrypts and the table grows large.
func (s *Service) Search(ctx context.Context, query string, limit int) ([]Summary, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	match := newMatcher(query)
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, status, answers, updated_at FROM intake_applications ORDER BY updated_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("search applications: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() && len(out) < limit {
		var sum Summary
		var sealed []byte
		if err := rows.Scan(&sum.ID, &sum.Status, &sealed, &sum.UpdatedAt); err != nil {
			return nil, fmt.Errorf("search applications: %w", err)
		}
		a, err := s.open(sealed)
		if err != nil {
			return nil, fmt.Errorf("search applications: open %d: %w", sum.ID, err)
		}
		if match(a) {
			sum.Name, sum.NameKana, sum.BirthDate = a[fieldName], a[fieldNameKana], a[fieldBirthDate]
			out = append(out, sum)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search applications: %w", err)
	}
	return out, nil
}

// newMatcher turns a query into a test on answers. A query that reads as a
// birth date matches only the birth date; anything else matches part of
// the name or alias (width, case and spaces ignored) or of the reading
// (hiragana, katakana and half-width kana alike).
func newMatcher(query string) func(Answers) bool {
	if strings.TrimSpace(norm.NFKC.String(query)) == "" {
		return func(Answers) bool { return true }
	}
	if date, ok := parseDateQuery(query); ok {
		return func(a Answers) bool { return a[fieldBirthDate] == date }
	}
	name, reading := foldName(query), foldReading(query)
	return func(a Answers) bool {
		return strings.Contains(foldName(a[fieldName]), name) ||
			(a[fieldAlias] != "" && strings.Contains(foldName(a[fieldAlias]), name)) ||
			(reading != "" && strings.Contains(foldReading(a[fieldNameKana]), reading))
	}
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
