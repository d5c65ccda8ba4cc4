package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"madoguchi/app/i18n"
	"madoguchi/locales"
)

func TestOrgsExportImport(t *testing.T) {
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	loc, at := testPlace(t)
	run := func(stdin string, args ...string) (int, string, string) {
		inv, err := Parse(on(at, args...))
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		code := Run(context.Background(), inv, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Catalog: cat,
			Getenv: func(k string) string {
				if k == "LANG" {
					return "en_US.UTF-8"
				}
				return ""
			}})
		return code, out.String(), errOut.String()
	}
	code, csv, _ := run("", "orgs", "export")
	if code != 0 || !strings.Contains(csv, "issj,") || !strings.Contains(csv, "0570-078377") {
		t.Fatalf("export: exit %d\n%s", code, csv)
	}
	code, out, _ := run(csv+"kawasaki,川崎ヘルプ,Kawasaki Help,,,,,,,yes\r\n", "orgs", "import")
	if code != 0 || !strings.Contains(out, "added 1, changed 7") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	code, _, errs := run(csv+"bad id,,x,,,,,,,maybe\r\n", "orgs", "import")
	if code != 1 || !strings.Contains(errs, "Row 9") {
		t.Errorf("bad import: exit %d\n%s", code, errs)
	}
	if code, out, _ := run("", "audit", "export", "--action", "change"); code != 0 || !strings.Contains(out, ",change,org,") {
		t.Errorf("import not in the audit trail: %s", out)
	}

	// With no audit trail (a trigger aborts every entry, as a full disk
	// would), neither export writes a line.
	db, err := loc.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.RefuseInserts(context.Background(), "audit_log", "disk full"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"orgs", "export"}, {"audit", "export"}} {
		if code, out, _ := run("", args...); code != 2 || out != "" {
			t.Errorf("%v with no audit trail: exit %d, wrote %q", args, code, out)
		}
	}
}
