package residency

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"madoguchi/app/problem"
)

func TestTriageErrors(t *testing.T) {
	tests := []struct {
		name, in string
		field    string
		id       string
		args     map[string]any
	}{
		{"empty input", "  \n", "", "residency.error.json.empty", nil},
		{"broken JSON", `{"category": "no_status",, }`, "", "residency.error.json.syntax", map[string]any{"Offset": int64(26)}},
		{"truncated JSON", `{"category": "no_status"`, "", "residency.error.json.truncated", nil},
		{"not an object", `["no_status"]`, "", "residency.error.json.notObject", nil},
		{"two objects", `{"category":"no_status","nationality":"LK"} {}`, "", "residency.error.json.trailing", nil},
		{"unknown field", `{"category":"no_status","nationality":"LK","natinality":"LK"}`, "natinality", "residency.error.json.unknownField", map[string]any{"Field": "natinality"}},
		{"unknown nested field", `{"category":"transitional_birth","nationality":"VN","birthDate":"2026-06-01","bornInJapan":{"notifed":"2026-06-02"}}`, "notifed", "residency.error.json.unknownField", map[string]any{"Field": "notifed"}},
		{"unknown field name is not echoed raw", `{"名前 山田":1}`, "?????", "residency.error.json.unknownField", map[string]any{"Field": "?????"}},
		{"wrong type", `{"category":"no_status","nationality":392}`, "nationality", "residency.error.json.type", map[string]any{"Field": "nationality"}},
		{"wrong nested type", `{"category":"transitional_birth","nationality":"VN","birthDate":"2026-06-01","bornInJapan":{"reportedToEmbassy":"no"}}`, "bornInJapan.reportedToEmbassy", "residency.error.json.type", map[string]any{"Field": "bornInJapan.reportedToEmbassy"}},
		{"impossible date", `{"category":"transitional_birth","nationality":"VN","birthDate":"2026-02-29","bornInJapan":{}}`, "birthDate", "residency.error.date.invalid", nil},
		{"date in another format", `{"category":"mid_to_long_term","status":"student","nationality":"VN","stay":{"end":"31/03/2027"}}`, "stay.end", "residency.error.date.invalid", nil},
		{"date as a number", `{"category":"transitional_birth","nationality":"VN","birthDate":20260601,"bornInJapan":{}}`, "birthDate", "residency.error.date.invalid", nil},
		{"inconsistent answers", `{"category":"no_status","nationality":"LK","status":"student"}`, "status", "residency.error.status.notApplicable", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Triage(strings.NewReader(tt.in), &out, today)
			if out.Len() != 0 {
				t.Errorf("wrote %q on error", out.String())
			}
			probs := problem.From(err)
			if len(probs) == 0 {
				t.Fatalf("err = %v, want problems", err)
			}
			p := probs[0]
			if p.ID != tt.id || p.Field != tt.field {
				t.Errorf("problem = %s on %q, want %s on %q", p.ID, p.Field, tt.id, tt.field)
			}
			if len(p.Args) != 0 || tt.args != nil {
				if !reflect.DeepEqual(p.Args, tt.args) {
					t.Errorf("args = %#v, want %#v", p.Args, tt.args)
				}
			}
		})
	}
}

func TestTriageTooLarge(t *testing.T) {
	in := `{"category":"no_status","nationality":"LK"` + strings.Repeat(" ", maxTriageInput) + `}`
	err := Triage(strings.NewReader(in), &bytes.Buffer{}, today)
	if p := problem.From(err); len(p) != 1 || p[0].ID != "residency.error.json.tooLarge" {
		t.Errorf("err = %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestTriageReadFailureIsNotAProblem(t *testing.T) {
	err := Triage(failingReader{}, &bytes.Buffer{}, today)
	if err == nil || problem.From(err) != nil || !strings.Contains(err.Error(), "read situation") {
		t.Errorf("err = %v, want a wrapped read error", err)
	}
}

func TestTriageRoundTrip(t *testing.T) {
	// The Evaluation is plain JSON a caller can read back.
	in := `{"category":"mid_to_long_term","status":"student","nationality":"NP","birthDate":"2001-07-15",
		"stay":{"end":"2026-06-20"},"card":{"issued":"2025-06-02"}}`
	var out bytes.Buffer
	if err := Triage(strings.NewReader(in), &out, today); err != nil {
		t.Fatal(err)
	}
	var ev Evaluation
	if err := json.Unmarshal(out.Bytes(), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.CanApply.Answer != AnswerYes || ev.Card == nil || ev.Card.Expiry.String() != "2026-06-20" || ev.Today.String() != "2026-06-10" {
		t.Errorf("evaluation = %+v", ev)
	}
}

// TestDocsExamples runs the examples of docs/triage.md: each input block
// must give exactly the output block after it, on 2026-06-10.
func TestDocsExamples(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "triage.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < 2 || len(blocks)%2 != 0 {
		t.Fatalf("found %d JSON blocks, want input/output pairs", len(blocks))
	}
	updated := doc
	for i := 0; i < len(blocks); i += 2 {
		var out bytes.Buffer
		if err := Triage(bytes.NewReader(blocks[i][1]), &out, today); err != nil {
			t.Fatalf("example %d: %v", i/2+1, err)
		}
		if *updateDocs {
			updated = bytes.Replace(updated, blocks[i+1][0], []byte("```json\n"+out.String()+"```"), 1)
			continue
		}
		var got, want any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(blocks[i+1][1], &want); err != nil {
			t.Fatalf("example %d output: %v", i/2+1, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("example %d: docs/triage.md shows a different output (go test -run TestDocsExamples -update-docs rewrites it); now:\n%s", i/2+1, out.String())
		}
	}
	if *updateDocs {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "triage.md"), updated, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// updateDocs rewrites the outputs of docs/triage.md's examples from what
// Triage writes now: run it after a change of the rules, then read the diff.
var updateDocs = flag.Bool("update-docs", false, "rewrite the example outputs in docs/triage.md")
