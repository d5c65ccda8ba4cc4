package orgs

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"madoguchi/app/csvsafe"
	"madoguchi/app/freetext"
	"madoguchi/app/problem"
)

// ImportResult says what an import changed.
type ImportResult struct {
	Added   int `json:"added"`
	Updated int `json:"updated"`
}

// Export writes the whole directory as CSV through csvsafe (a UTF-8 BOM,
// CRLF line ends, every cell guarded against formulas): the header row of
// rules.go's columns, one row per entry by ID.
func (s *Service) Export(ctx context.Context, w io.Writer) error {
	list, err := s.List(ctx)
	if err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.csv
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("export orgs: %w", err)
	}
	for _, o := range list {
		if err := cw.Write(record(o)); err != nil {
			return fmt.Errorf("export orgs: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("export orgs: %w", err)
	}
	return nil
}

func record(o Org) []string {
	active := activeNo
	if o.Active {
		active = activeYes
	}
	return []string{o.ID, o.NameJa, o.NameEn, o.TakesJa, o.TakesEn, o.Languages, o.Phone, o.Contact, o.Hours, active}
}

// Import reads a CSV in Export's format and adds or changes the entries it
// holds (by id); entries not in the file stay as they are. Every row is
// checked first: any problem (a missing column, a bad value, an ID twice)
// comes back as a problem.List with the row number (1 is the header) and
// the column, and nothing at all is written. The writes share one
// transaction, so a failure half-way leaves the directory as it was.
func (s *Service) Import(ctx context.Context, r io.Reader) (ImportResult, error) {
	list, err := parse(r)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		for _, o := range list {
			// Added or changed as the row is when written, so the counts
			// hold with another desk saving the same ID meanwhile
			// (organisations are never deleted).
			added, err := s.insertNew(ctx, tx, o)
			if err != nil {
				return err
			}
			if added {
				res.Added++
				continue
			}
			if _, err := s.update(ctx, tx, o); err != nil {
				return err
			}
			res.Updated++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func csvProblem(row int, col, id string, args map[string]any) *problem.Problem {
	a := map[string]any{"Row": row, "Column": col}
	for k, v := range args {
		a[k] = v
	}
	return problem.OnField(col, "orgs.csv.error."+id, a)
}

// parse reads and checks the whole file; it returns entries only when
// every row is right.
func parse(r io.Reader) ([]Org, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read orgs csv: %w", err)
	}
	switch {
	case len(data) > maxImportBytes:
		return nil, problem.List{problem.New("orgs.csv.error.tooLarge", map[string]any{"Max": maxImportRows})}
	case !utf8.Valid(data) || bytes.ContainsRune(data, utf8.RuneError):
		// Excel's plain "CSV" is Shift_JIS in Japanese Windows. The window
		// reads the file as UTF-8, turning such bytes into U+FFFD, which no
		// real directory holds: both mean "save it again as UTF-8".
		return nil, problem.List{problem.New("orgs.csv.error.encoding", nil)}
	}
	data = bytes.TrimPrefix(data, []byte(csvsafe.BOM))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, problem.List{problem.New("orgs.csv.error.empty", nil)}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // counted here, to name the row
	header, err := cr.Read()
	if err != nil {
		return nil, problem.List{problem.New("orgs.csv.error.syntax", map[string]any{"Row": 1})}
	}
	index, probs := headerIndex(header)
	if len(probs) > 0 {
		return nil, probs
	}
	var out []Org
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			probs.Add(problem.New("orgs.csv.error.syntax", map[string]any{"Row": pe.StartLine}))
			break // the reader cannot resynchronise after a broken quote
		}
		if err != nil {
			return nil, fmt.Errorf("read orgs csv: %w", err)
		}
		// A cell Export guarded (a name starting with =, a phone number
		// starting with +) reads back as it was stored.
		csvsafe.UnguardRecord(rec)
		if len(out)+len(probs) >= maxImportRows {
			return nil, problem.List{problem.New("orgs.csv.error.tooLarge", map[string]any{"Max": maxImportRows})}
		}
		if len(rec) != len(header) {
			probs.Add(problem.New("orgs.csv.error.fieldCount", map[string]any{"Row": row, "Want": len(header), "Got": len(rec)}))
			continue
		}
		o, rowProbs := rowOrg(rec, index, row)
		if len(rowProbs) > 0 {
			probs = append(probs, rowProbs...)
			continue
		}
		if first, dup := seen[o.ID]; dup {
			probs.Add(csvProblem(row, "id", "duplicate", map[string]any{"First": first}))
			continue
		}
		seen[o.ID] = row
		out = append(out, o)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if len(out) == 0 {
		return nil, problem.List{problem.New("orgs.csv.error.empty", nil)}
	}
	return out, nil
}

// headerIndex maps each column to its position; the header must name every
// column of rules.go once and nothing else.
func headerIndex(header []string) (map[string]int, problem.List) {
	var probs problem.List
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := slices.ContainsFunc(columns, func(c column) bool { return c.csv == h })
		_, dup := index[h]
		switch {
		case !known:
			probs.Add(problem.New("orgs.csv.error.unknownColumn", map[string]any{"Row": 1, "Column": safeColumn(h)}))
		case dup:
			probs.Add(problem.New("orgs.csv.error.duplicateColumn", map[string]any{"Row": 1, "Column": h}))
		default:
			index[h] = i
		}
	}
	for _, c := range columns {
		if _, ok := index[c.csv]; !ok {
			probs.Add(problem.New("orgs.csv.error.missingColumn", map[string]any{"Row": 1, "Column": c.csv}))
		}
	}
	return index, probs
}

// safeColumn keeps an unknown header short and printable: it is what the
// file says, a problem's args must stay small, and the message is shown in
// the window and printed by the command line, where a control or
// direction character would act instead of showing (freetext.Visible).
func safeColumn(s string) string {
	s = freetext.Visible(s)
	if utf8.RuneCountInString(s) > 30 {
		s = string([]rune(s)[:30]) + "…"
	}
	return s
}

// rowOrg reads one data row and checks it against the rules.
func rowOrg(rec []string, index map[string]int, row int) (Org, problem.List) {
	get := func(col string) string { return rec[index[col]] }
	o, faults := normalize(Org{
		ID: get("id"), NameJa: get("name_ja"), NameEn: get("name_en"), TakesJa: get("takes_ja"),
		TakesEn: get("takes_en"), Languages: get("languages"), Phone: get("phone"), Contact: get("contact"),
		Hours: get("hours"),
	})
	var probs problem.List
	for _, is := range check(o, faults) {
		// The whole file was checked for unreadable bytes before, so the
		// text rule's refusals here are invisible or control characters.
		probs.Add(csvProblem(row, is.col.csv, is.kind, is.args()))
	}
	switch strings.ToLower(strings.TrimSpace(get("active"))) {
	case activeYes, "":
		o.Active = true
	case activeNo:
		o.Active = false
	default:
		probs.Add(csvProblem(row, "active", "active", nil))
	}
	return o, probs
}
