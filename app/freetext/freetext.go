// Package freetext is the one rule for text people type or import into a free-text field: what it refuses and how it is normalised.
package freetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"madoguchi/app/problem"
)

// Kind is what a field holds, which decides its normal form and whether it
// may break lines.
type Kind int

const (
	// Line is one line of written text: a person's name in a case, an
	// organisation's name or hours, a staff member's display name. NFC
	// (canonically equal text made equal, nothing else changed: （ISSJ）
	// keeps its full-width brackets); every run of white space, tabs and
	// line breaks included, becomes one space; trimmed. Staff paste from
	// other systems, so tabs and doubled spaces are common and meaningless.
	Line Kind = iota
	// Lines is text of several lines: notes, reasons, how to reach someone,
	// what an organisation takes. NFC; every line break (CRLF, CR, U+2028,
	// U+2029, NEL, vertical tab, form feed) becomes "\n" and a tab a space;
	// trimmed.
	Lines
	// Compared is one line that is compared with other records' text: an
	// applicant's name and address at intake, the items of a lost-card
	// report. NFKC (full-width letters and digits half-width, half-width
	// katakana full-width, the ideographic space a plain one), so that
	// equal-looking entries compare equal; otherwise as Line.
	Compared
)

// Fault is why Clean refuses a text.
type Fault int

const (
	// OK: nothing refused.
	OK Fault = iota
	// Unreadable: bytes that are not UTF-8, or U+FFFD, which is what a
	// decoder leaves of them. The window's JSON reaches Go through
	// encoding/json, which turns invalid bytes and lone surrogates
	// ("\ud800") into U+FFFD without an error, so U+FFFD is the only trace
	// left of them; nobody types it on purpose.
	Unreadable
	// Invisible: a control character (NUL, ESC and the terminal sequences
	// it starts, DEL, C1) or a format character (Unicode Cf: zero-width
	// spaces and joiners, direction marks, embeddings, overrides and
	// isolates U+202A–U+202E and U+2066–U+2069, the byte-order mark, soft
	// hyphens). They make equal-looking text differ, reorder what is
	// shown, or act on a terminal.
	Invisible
)

// MessageID is the catalog message of f, shown on the field.
func (f Fault) MessageID() string {
	switch f {
	case Unreadable:
		return "freetext.error.unreadable"
	case Invisible:
		return "freetext.error.invisible"
	}
	return ""
}

// Problem is f as a problem on field, or nil for OK.
func (f Fault) Problem(field string) *problem.Problem {
	if f == OK {
		return nil
	}
	return problem.OnField(field, f.MessageID(), nil)
}

// Clean normalises s as a field of kind k and says what in it is refused.
// The text is returned normalised even when refused, so that callers can
// still count its length; it must not be stored then.
func Clean(s string, k Kind) (string, Fault) {
	if !utf8.ValidString(s) {
		return Normalize(s, k), Unreadable
	}
	s = Normalize(s, k)
	return s, check(s, k)
}

// Normalize is Clean's normal form without its check, for search queries
// and index terms, which are compared, never stored as typed.
func Normalize(s string, k Kind) string {
	switch k {
	case Lines:
		return strings.TrimSpace(lineBreaks.Replace(norm.NFC.String(s)))
	case Compared:
		return oneLine(norm.NFKC.String(s))
	default:
		return oneLine(norm.NFC.String(s))
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// lineBreaks writes every way of breaking a line as "\n" (CRLF first, so
// it is one break, not two) and a tab as a space.
var lineBreaks = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n", "\v", "\n", "\f", "\n", "\t", " ",
)

// check finds the first refused character of a normalised text.
func check(s string, k Kind) Fault {
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return Unreadable
		case r == '\n' && k == Lines:
		case hidden(r):
			return Invisible
		}
	}
	return OK
}

// hidden reports a character that is not drawn but acts: controls, format
// characters, and the line and paragraph separators (which Normalize has
// already turned into a space or "\n" in a field).
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// Visible returns s with every hidden character, and every byte that is
// not UTF-8, written as a Go escape (\x1b, \u202e, \xff), so that a
// terminal shows it instead of obeying it: nothing a user typed can move
// the cursor, change colours, or reorder a line. Line feeds, tabs and CRLF
// line ends are kept. For text printed by the command line.
func Visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n', r == '\t', r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteRune(r)
		case !hidden(r):
			b.WriteString(s[i : i+size])
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	return b.String()
}
