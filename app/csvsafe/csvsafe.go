// Package csvsafe is the one way Madoguchi writes a CSV file, and reads one back: every cell guarded so that a spreadsheet shows it as text and never runs it as a formula.
package csvsafe

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// BOM starts every file written: without it, Excel on Japanese Windows
// reads a CSV as Shift_JIS and garbles every Japanese cell. Readers skip it.
const BOM = "\uFEFF"

// triggers are the first characters that make Excel, LibreOffice Calc or
// Google Sheets read a cell as a formula (=, +, -, @) or lead one in (tab,
// CR): OWASP, "CSV Injection". The quote mark is guarded too, so that
// Unguard can tell a guard from a value that starts with one: a value
// "'x" is written "”x" and read back "'x".
//
// Full-width ＝＋－＠ are not guarded: we found no source showing a
// spreadsheet reading them as a formula when it opens a CSV (what we found
// says Excel leaves even full-width digits of a CSV as text), and guessing
// would put quote marks in front of ordinary Japanese text. See
// docs/data-protection.md, "Attacks on text".
const triggers = "=+-@\t\r'"

// Guard returns s as a cell a spreadsheet shows as text: s with a quote
// mark in front when it starts with a trigger, else s itself.
func Guard(s string) string {
	if s != "" && strings.IndexByte(triggers, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Unguard undoes Guard exactly: it drops the quote mark Guard adds, and
// only that one. A cell "'hello" (a quote mark Guard would not have added)
// is read as it is.
func Unguard(cell string) string {
	if rest, ok := strings.CutPrefix(cell, "'"); ok && rest != "" && strings.IndexByte(triggers, rest[0]) >= 0 {
		return rest
	}
	return cell
}

// UnguardRecord unguards every cell of rec, in place.
func UnguardRecord(rec []string) {
	for i, c := range rec {
		rec[i] = Unguard(c)
	}
}

// Writer writes a CSV file for Excel at a city office: the BOM, CRLF line
// ends, and every cell through Guard.
type Writer struct {
	bw      *bufio.Writer
	cw      *csv.Writer
	started bool
	cells   []string
}

// NewWriter returns a Writer on w. Nothing is written before the first
// record; call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &Writer{bw: bw, cw: cw}
}

// Write writes one record, every cell guarded; rec itself is not changed.
func (w *Writer) Write(rec []string) error {
	if !w.started {
		w.started = true
		if _, err := w.bw.WriteString(BOM); err != nil {
			return fmt.Errorf("write CSV: %w", err)
		}
	}
	w.cells = w.cells[:0]
	for _, c := range rec {
		w.cells = append(w.cells, Guard(c))
	}
	if err := w.cw.Write(w.cells); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// Flush writes out what is buffered and reports the first error of any
// write.
func (w *Writer) Flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
