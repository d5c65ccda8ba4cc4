package freetext

import (
	"encoding/json"
	"testing"

	"madoguchi/app/i18n/i18ntest"
)

// fromJSON decodes a JSON string literal as the window's bridge does
// (encoding/json), so "\ud800" arrives as Go sees it.
func fromJSON(t *testing.T, lit string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal([]byte(lit), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestClean(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kind  Kind
		want  string
		fault Fault
	}{
		{"plain", "  山田　太郎 ", Line, "山田 太郎", OK},
		{"line: tabs and breaks are spaces", "a\tb\r\nc", Line, "a b c", OK},
		{"line: full-width kept", "日本国際社会事業団（ISSJ）", Line, "日本国際社会事業団（ISSJ）", OK},
		{"line: NFC", "か\u3099", Line, "が", OK},
		{"compared: NFKC", "ＡＢＣ１２３ ｶﾀｶﾅ", Compared, "ABC123 カタカナ", OK},
		{"lines: breaks kept as LF", " a\r\nb\rc\u2028d\te \n", Lines, "a\nb\nc\nd e", OK},
		{"lines: NFC only", "①（株）", Lines, "①（株）", OK},
		{"variation selector kept", "葛\U000E0100城", Line, "葛\U000E0100城", OK},
		{"NUL", "a\x00b", Line, "a\x00b", Invisible},
		{"NUL in lines", "a\x00b", Lines, "a\x00b", Invisible},
		{"ESC sequence", "\x1b[31mred", Line, "\x1b[31mred", Invisible},
		{"ESC sequence in lines", "ok\n\x1b[2J", Lines, "ok\n\x1b[2J", Invisible},
		{"DEL", "a\x7f", Compared, "a\x7f", Invisible},
		{"C1 CSI", "a\u009b31m", Line, "a\u009b31m", Invisible},
		{"RLO", "abc\u202Etxt.exe", Line, "abc\u202Etxt.exe", Invisible},
		{"LRE", "\u202Aa", Lines, "\u202Aa", Invisible},
		{"isolate", "a\u2066b\u2069", Compared, "a\u2066b\u2069", Invisible},
		{"zero-width space", "山\u200B田", Line, "山\u200B田", Invisible},
		{"zero-width joiner", "a\u200Db", Compared, "a\u200Db", Invisible},
		{"BOM", "\uFEFFname", Line, "\uFEFFname", Invisible},
		{"soft hyphen", "ab\u00ADc", Lines, "ab\u00ADc", Invisible},
		{"invalid UTF-8", "a\xffb", Line, "a\xffb", Unreadable},
		{"invalid UTF-8 in lines", "a\xc3", Lines, "a\xc3", Unreadable},
		{"replacement character", "a\uFFFDb", Compared, "a\uFFFDb", Unreadable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, fault := Clean(tc.in, tc.kind)
			if fault != tc.fault {
				t.Errorf("Clean(%q) fault %v, want %v", tc.in, fault, tc.fault)
			}
			if fault == OK && got != tc.want {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestJSONLoneSurrogate: what the window sends through encoding/json
// arrives as U+FFFD, which Clean refuses.
func TestJSONLoneSurrogate(t *testing.T) {
	for _, lit := range []string{`"a\ud800b"`, `"\udfff"`, "\"a\xffb\""} {
		s := fromJSON(t, lit)
		if _, fault := Clean(s, Line); fault != Unreadable {
			t.Errorf("%s decoded to %q: fault %v, want Unreadable", lit, s, fault)
		}
	}
}

func TestProblem(t *testing.T) {
	if p := OK.Problem("name"); p != nil {
		t.Errorf("OK.Problem = %v", p)
	}
	for f, id := range map[Fault]string{Invisible: "freetext.error.invisible", Unreadable: "freetext.error.unreadable"} {
		if p := f.Problem("notes"); p.Field != "notes" || p.ID != id || p.Args != nil {
			t.Errorf("%v.Problem = %+v", f, p)
		}
	}
}

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 山田", "plain 山田"},
		{"a,b\r\nc\td\n", "a,b\r\nc\td\n"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x00", `\x00`},
		{"cr\roverwrite", `cr\x0doverwrite`},
		{"\u009b2J", `\x9b2J`},
		{"abc\u202Etxt", `abc\u202etxt`},
		{"\u200B", `\u200b`},
		{"\xff\xfe", `\xff\xfe`},
		{"tag\U000E0041", `tag\U000e0041`},
		{"\u2028", `\u2028`},
	}
	for _, tc := range tests {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMessagesInEveryLanguage: each fault's message is in every catalog
// file, without placeholders (a problem carries nothing typed), and the
// catalog holds no freetext message the code does not emit.
func TestMessagesInEveryLanguage(t *testing.T) {
	ids := []string{Invisible.MessageID(), Unreadable.MessageID()}
	for _, lang := range i18ntest.Languages(t) {
		msgs := i18ntest.MessagesOf(t, lang, "freetext.")
		for _, id := range ids {
			if msgs[id] == "" {
				t.Errorf("%s: no %s", lang, id)
			}
			if ph := i18ntest.Placeholders(msgs[id]); len(ph) > 0 {
				t.Errorf("%s: %s has placeholders %v", lang, id, ph)
			}
		}
		if len(msgs) != len(ids) {
			t.Errorf("%s: %d freetext messages, the code emits %d", lang, len(msgs), len(ids))
		}
	}
}
