package audit

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"time"

	"madoguchi/app/csvsafe"
)

// The CSV export is for opening in Excel at a city office:
//   - UTF-8 with a byte-order mark: without it, Excel on Japanese Windows
//     reads a CSV as Shift_JIS and garbles every Japanese reason;
//   - CRLF line endings, a header row of fixed English column names (the
//     names are identifiers, like the action values, and stay the same
//     whatever the staff language);
//   - times in UTC as stored (2006-01-02T15:04:05.000Z), so the export
//     matches the database and the hashes;
//   - every cell through csvsafe, so that a reason starting with = + - @
//     tab or CR is shown by Excel as text instead of run as a formula
//     (OWASP "CSV injection"); ReadCSV undoes it.
var csvHeader = []string{"seq", "at", "userId", "role", "action", "recordType", "recordId", "reason", "hash"}

// WriteCSV writes entries as a CSV file for Excel (see above).
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write audit CSV: %w", err)
	}
	for _, e := range entries {
		rec := []string{
			strconv.FormatInt(e.Seq, 10),
			e.At.UTC().Format(timeFormat),
			strconv.FormatInt(e.UserID, 10),
			e.Role,
			string(e.Action),
			e.RecordType,
			strconv.FormatInt(e.RecordID, 10),
			e.Reason,
			e.Hash,
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write audit CSV entry %d: %w", e.Seq, err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("write audit CSV: %w", err)
	}
	return nil
}

// ReadCSV reads a file WriteCSV wrote (with or without its byte-order mark).
func ReadCSV(r io.Reader) ([]Entry, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(csvsafe.BOM)); err == nil && bytes.Equal(head, []byte(csvsafe.BOM)) {
		br.Discard(len(csvsafe.BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(csvHeader)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read audit CSV header: %w", err)
	}
	if !slices.Equal(header, csvHeader) {
		return nil, fmt.Errorf("read audit CSV: header %q is not %q", header, csvHeader)
	}
	var out []Entry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read audit CSV: %w", err)
		}
		csvsafe.UnguardRecord(rec)
		e, err := entryFromCSV(rec)
		if err != nil {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("read audit CSV line %d: %w", line, err)
		}
		out = append(out, e)
	}
}

func entryFromCSV(rec []string) (Entry, error) {
	var e Entry
	var err error
	ints := map[string]*int64{"seq": &e.Seq, "userId": &e.UserID, "recordId": &e.RecordID}
	for i, name := range csvHeader {
		if p, ok := ints[name]; ok {
			if *p, err = strconv.ParseInt(rec[i], 10, 64); err != nil {
				return e, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	if e.At, err = time.Parse(timeFormat, rec[1]); err != nil {
		return e, fmt.Errorf("at: %w", err)
	}
	e.Role, e.Action, e.RecordType = rec[3], Action(rec[4]), rec[5]
	e.Reason, e.Hash = rec[7], rec[8]
	// The columns the log itself fills have fixed forms; a hand-edited row
	// that breaks them is refused rather than read as something else.
	if !identifier.MatchString(e.Role) || !identifier.MatchString(e.RecordType) || !identifier.MatchString(string(e.Action)) {
		return e, fmt.Errorf("role, action and record type must be identifiers")
	}
	if !hexHash.MatchString(e.Hash) {
		return e, fmt.Errorf("hash must be 64 lower-case hex digits")
	}
	return e, nil
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)
