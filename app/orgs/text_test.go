package orgs

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"madoguchi/app/freetext"
	"madoguchi/app/freetext/freetexttest"
	"madoguchi/app/problem"
)

// TestTextFieldsRefuseHostileText (attack #8): every text field of an entry
// refuses what the shared text rule refuses, in the form (the rule's
// message on the field) and in a CSV import (row and column). They were
// stored as given.
func TestTextFieldsRefuseHostileText(t *testing.T) {
	ctx := context.Background()
	valid := Org{ID: "kanagawa_ngo", NameJa: "かながわ支援ネット", NameEn: "Kanagawa Support Net", Active: true}
	// One database for every case: a refused entry leaves nothing behind
	// (checked at the end of each), so each starts from the same directory.
	s := newService(t)
	for _, c := range columns {
		if c.field == "active" {
			continue
		}
		for _, h := range freetexttest.Hostile() {
			t.Run(c.field+"/"+h.Name, func(t *testing.T) {
				// No hostile text holds a line break, so one line or several
				// is refused alike.
				_, fault := freetext.Clean(h.Text, freetext.Line)
				o := valid
				set(&o, c.field, h.Text)
				_, err := s.Save(ctx, o, true)
				if got := problemKeys(err); len(got) != 1 || got[0] != c.field+":"+fault.MessageID() {
					t.Errorf("form: problems %v, want %s:%s", got, c.field, fault.MessageID())
				}

				_, err = s.Import(ctx, bytes.NewReader(csvOf(t, o)))
				want := problem.OnField(c.csv, "orgs.csv.error.invisible", map[string]any{"Row": 2, "Column": c.csv})
				if fault == freetext.Unreadable {
					// The whole file is refused before its rows are read.
					want = problem.New("orgs.csv.error.encoding", nil)
				}
				if l := problem.From(err); len(l) != 1 || l[0].Field != want.Field || l[0].ID != want.ID ||
					argString(l[0].Args["Row"]) != argString(want.Args["Row"]) || argString(l[0].Args["Column"]) != argString(want.Args["Column"]) {
					t.Errorf("import: %v, want %+v", err, want)
				}
				if _, err := s.Get(ctx, o.ID); problem.From(err) == nil {
					t.Errorf("a refused entry was stored")
				}
			})
		}
	}
}

func set(o *Org, field, v string) {
	p := map[string]*string{
		"id": &o.ID, "nameJa": &o.NameJa, "nameEn": &o.NameEn, "takesJa": &o.TakesJa, "takesEn": &o.TakesEn,
		"languages": &o.Languages, "phone": &o.Phone, "contact": &o.Contact, "hours": &o.Hours,
	}[field]
	*p = v
}

// csvOf is o as a CSV file of the export's columns.
func csvOf(t *testing.T, o Org) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.csv
	}
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(record(o)); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return buf.Bytes()
}

// TestTextFieldsNormalised: one line where the form has a text box, lines
// kept where it has a text area; written text keeps its widths (NFC).
func TestTextFieldsNormalised(t *testing.T) {
	s := newService(t)
	got, err := s.Save(context.Background(), Org{ID: "kanagawa_ngo", NameJa: " かながわ\t支援（ネット）\r\n", NameEn: "Kanagawa  Support Net",
		TakesJa: "在留手続\r\n生活相談\r", Hours: "平日\n9:00〜17:00", Active: true}, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.NameJa != "かながわ 支援（ネット）" || got.NameEn != "Kanagawa Support Net" || got.TakesJa != "在留手続\n生活相談" || got.Hours != "平日 9:00〜17:00" {
		t.Errorf("saved %+v", got)
	}
}
