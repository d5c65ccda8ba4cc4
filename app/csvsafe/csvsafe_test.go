package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"=1+1", "'=1+1"},
		{"+81 3-1234-5678", "'+81 3-1234-5678"},
		{"-1", "'-1"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'quoted", "''quoted"},
		{"a=1", "a=1"},   // only the first character counts
		{" =1", " =1"},   // a leading space makes the cell text already
		{"＝1+1", "＝1+1"}, // full-width: see triggers
	}
	for _, tc := range tests {
		if got := Guard(tc.in); got != tc.want {
			t.Errorf("Guard(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Unguard(Guard(tc.in)); got != tc.in {
			t.Errorf("Unguard(Guard(%q)) = %q", tc.in, got)
		}
	}
}

// TestUnguardLeavesOtherQuotes: a quote mark Guard would not have put there
// is part of the value (someone typed 'hello in Excel).
func TestUnguardLeavesOtherQuotes(t *testing.T) {
	for in, want := range map[string]string{"'hello": "'hello", "'": "'", "''": "'", "'=1": "=1", "=1": "=1"} {
		if got := Unguard(in); got != want {
			t.Errorf("Unguard(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterGuardsEveryCell(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rec := []string{"=1+1", "@SUM(A1)", "ok", "-2", "line\nbreak"}
	if err := w.Write([]string{"a", "b", "c", "d", "e"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := BOM + "a,b,c,d,e\r\n'=1+1,'@SUM(A1),ok,'-2,\"line\r\nbreak\"\r\n" // CRLF inside a cell too: Excel
	if buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
	if rec[0] != "=1+1" {
		t.Errorf("Write changed its argument: %q", rec[0])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), BOM)))
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	UnguardRecord(all[1])
	if strings.Join(all[1], "|") != strings.Join(rec, "|") {
		t.Errorf("read back %q, want %q", all[1], rec)
	}
}

func FuzzGuardRoundTrip(f *testing.F) {
	for _, s := range []string{"", "'", "''=", "=1", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := Guard(s)
		if g != "" && strings.IndexByte("=+-@\t\r", g[0]) >= 0 {
			t.Fatalf("Guard(%q) = %q starts with a trigger", s, g)
		}
		if back := Unguard(g); back != s {
			t.Fatalf("Unguard(Guard(%q)) = %q", s, back)
		}
	})
}
