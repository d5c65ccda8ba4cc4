package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"madoguchi/app/freetext"
	"madoguchi/app/i18n"
	"madoguchi/app/store"
	"madoguchi/locales"
)

func TestVisibleWriterDoesNotDependOnCuts(t *testing.T) {
	for _, in := range []string{
		"plain,山田\r\n",
		"\x1b[31mred\x1b[0m\r\n",
		"a\u202Eb\u200Bc\r\n",
		"bad \xff\xfe bytes\r\nlone\rcr",
		"ends in a CR\r",
		"cut 山",
	} {
		var whole, bytewise bytes.Buffer
		w := &visibleWriter{w: &whole}
		w.Write([]byte(in))
		w.Flush()
		w = &visibleWriter{w: &bytewise}
		for i := range len(in) {
			w.Write([]byte{in[i]})
		}
		w.Flush()
		if want := freetext.Visible(in); whole.String() != want || bytewise.String() != want {
			t.Errorf("%q: whole %q, byte by byte %q, want %q", in, whole.String(), bytewise.String(), want)
		}
	}
}

// cliRun runs a command on the database the global flags at name
// (testPlace), standard output a terminal or not.
func cliRun(t *testing.T, at []string, terminal bool, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(on(at, args...))
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), inv, Env{Stdin: strings.NewReader(stdin), Stdout: &out, StdoutTerminal: terminal, Stderr: &errOut,
		Catalog: cat, Getenv: func(k string) string {
			if k == "LANG" {
				return "en_US.UTF-8"
			}
			return ""
		}})
	return code, out.String(), errOut.String()
}

// execSQL writes into the database at loc as an older version of the app
// could have, before the text rule refused control characters.
func execSQL(t *testing.T, loc store.Location, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	db, err := loc.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, query, args...); err != nil {
		t.Fatal(err)
	}
}

// TestOrgsExportToATerminal (attack #8): an entry stored with an escape
// sequence before the rule existed is exported byte for byte to a file,
// and shown, not obeyed, on a terminal.
func TestOrgsExportToATerminal(t *testing.T) {
	loc, at := testPlace(t)
	if code, _, errs := cliRun(t, at, false, "", "orgs", "export"); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	execSQL(t, loc, `INSERT INTO orgs (id, name_ja, name_en, updated_at) VALUES ('legacy', ?, ?, '2026-01-01T00:00:00.000Z')`,
		"古い\x1b[2J\x1b[31m団体", "Old\u202Eorg")
	_, file, _ := cliRun(t, at, false, "", "orgs", "export")
	if !strings.Contains(file, "古い\x1b[2J\x1b[31m団体") || !strings.Contains(file, "Old\u202Eorg") {
		t.Errorf("export to a file changed the data:\n%q", file)
	}
	code, shown, _ := cliRun(t, at, true, "", "orgs", "export")
	if code != 0 || strings.ContainsAny(shown, "\x1b\u202E") || !strings.Contains(shown, `古い\x1b[2J\x1b[31m団体`) || !strings.Contains(shown, `Old\u202eorg`) {
		t.Errorf("export to a terminal: exit %d\n%q", code, shown)
	}
	if !strings.Contains(shown, "\r\n") {
		t.Errorf("line ends lost on a terminal:\n%q", shown)
	}
}

// TestProblemsPrintedSafely: a CSV header is what the file says, and it
// comes back in a problem; printed, it is shown, not obeyed.
func TestProblemsPrintedSafely(t *testing.T) {
	_, at := testPlace(t)
	code, _, errs := cliRun(t, at, false, "id,name_ja,name_en,takes_ja,takes_en,languages,phone,contact,hours,active,\x1b]0;owned\x07\u202Ex\r\n", "orgs", "import")
	if code != 1 || strings.ContainsAny(errs, "\x1b\x07\u202E") || !strings.Contains(errs, `\x1b]0;owned\x07\u202ex`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestLostCardFiguresPrintedSafely: the figures print what the database
// holds; a language key stored with an escape sequence is shown, not obeyed.
func TestLostCardFiguresPrintedSafely(t *testing.T) {
	loc, at := testPlace(t)
	if code, _, errs := cliRun(t, at, false, "", "lostcard", "figures"); code != 0 {
		t.Fatalf("figures: %d %s", code, errs)
	}
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	execSQL(t, loc, `INSERT INTO lostcard_reports (status, caller_language, answers, created_by, started_at, updated_at)
		VALUES ('open', ?, ?, 1, ?, ?)`, "\x1b[31mvi", []byte{0}, now, now)
	code, out, errs := cliRun(t, at, false, "", "lostcard", "figures")
	if code != 0 || strings.Contains(out, "\x1b") || !strings.Contains(out, `\x1b[31mvi`) {
		t.Errorf("exit %d %s\n%q", code, errs, out)
	}
}
