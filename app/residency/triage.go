package residency

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"madoguchi/app/problem"
)

// maxTriageInput bounds what Triage reads: a situation is well under 2 KB,
// so anything near this is not one.
const maxTriageInput = 64 << 10

// Triage reads one Situation as JSON from r, evaluates it on `today` and
// writes the Evaluation as indented JSON to w. Input it cannot use (bad
// JSON, unknown fields, invalid dates, a situation that does not hold
// together) is returned as a problem.List and nothing is written; a failure
// to read or write is returned as an ordinary error.
func Triage(r io.Reader, w io.Writer, today time.Time) error {
	s, err := DecodeSituation(r)
	if err != nil {
		return err
	}
	ev := Evaluate(s, today)
	if len(ev.Problems) > 0 {
		return ev.Problems
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		return fmt.Errorf("write evaluation: %w", err)
	}
	return nil
}

// DecodeSituation reads exactly one JSON object and refuses unknown fields,
// so a misspelt field is reported instead of silently ignored. Invalid
// dates are left for Validate, which names their field.
func DecodeSituation(r io.Reader) (Situation, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTriageInput+1))
	if err != nil {
		return Situation{}, fmt.Errorf("read situation: %w", err)
	}
	if len(data) > maxTriageInput {
		return Situation{}, problem.List{problem.New("residency.error.json.tooLarge", nil)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Situation{}, problem.List{problem.New("residency.error.json.empty", nil)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Situation
	if err := dec.Decode(&s); err != nil {
		return Situation{}, problem.List{jsonProblem(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Situation{}, problem.List{problem.New("residency.error.json.trailing", nil)}
	}
	return s, nil
}

// jsonProblem turns a decoding error into a message the user can act on.
// Args carry offsets and field names, never values.
func jsonProblem(err error) *problem.Problem {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return problem.New("residency.error.json.syntax", map[string]any{"Offset": syntax.Offset})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return problem.New("residency.error.json.truncated", nil)
	case errors.As(err, &typ) && typ.Field == "":
		return problem.New("residency.error.json.notObject", nil)
	case errors.As(err, &typ):
		field := safeField(typ.Field)
		return problem.OnField(field, "residency.error.json.type", map[string]any{"Field": field})
	}
	// encoding/json has no error type for unknown fields, only this text.
	const unknownPrefix = `json: unknown field "`
	if msg := err.Error(); strings.HasPrefix(msg, unknownPrefix) {
		field := safeField(strings.TrimSuffix(strings.TrimPrefix(msg, unknownPrefix), `"`))
		return problem.OnField(field, "residency.error.json.unknownField", map[string]any{"Field": field})
	}
	return problem.New("residency.error.json.invalid", nil)
}

// safeField keeps a field name printable and short: it comes from the
// input, and a problem's args must not carry whatever someone typed there.
func safeField(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 60 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '.', r == '[', r == ']':
			b.WriteRune(r)
		default:
			b.WriteRune('?')
		}
	}
	return b.String()
}
