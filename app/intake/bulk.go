package intake

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/vault"
)

// StepAnswers are one step's answers as staff typed them.
type StepAnswers struct {
	Step    string
	Answers Answers
}

// Taken is a whole application as a seed (madoguchi seed --synthetic)
// gives it: every step in the order the desk asks them, whether it was
// submitted and its card handed over, and when.
type Taken struct {
	UserID     int64
	Steps      []StepAnswers
	Submit     bool
	HandedOver bool      // recorded as a handover whose chip matched; needs Submit
	At         time.Time // when it was taken
	HandedAt   time.Time // when its card was handed over
}

// Add writes one application inside tx through the desk's own rules: each
// step is reachable and validated as Save validates it, submission
// validates every step again as Submit does, the answers are sealed and
// filed in the blind index, and the handover is recorded as
// RecordHandover records a matched one. Numbers are never recorded. On a
// problem it returns it and the caller rolls tx back. b is the caller's
// Blinder (one per bulk, not per application).
func (s *Service) Add(ctx context.Context, tx *sql.Tx, b *vault.Blinder, t Taken) (int64, error) {
	rules := s.Rules()
	rec := &record{status: StatusDraft, step: stepLanguage, answers: Answers{}, createdBy: t.UserID}
	for _, sa := range t.Steps {
		if sa.Step == stepNumber || !reachable(rules, sa.Step, rec.answers) {
			return 0, fmt.Errorf("add application: step %s: %w", sa.Step, errStepNotAvailable())
		}
		normalised, probs := Validate(sa.Step, sa.Answers, rules)
		if len(probs) > 0 {
			return 0, fmt.Errorf("add application: step %s: %w", sa.Step, probs)
		}
		merge(rec.answers, sa.Step, normalised)
		rec.step = nextStep(rules, rec.answers)
	}
	if t.Submit {
		var all problem.List
		for _, step := range applicableSteps(rules, rec.answers) {
			_, probs := Validate(step, rec.answers, rules)
			all = append(all, probs...)
		}
		if len(all) > 0 {
			return 0, fmt.Errorf("add application: submit: %w", all)
		}
		rec.status, rec.step = StatusReady, stepCheck
	}
	sealed, err := s.seal(rec.answers)
	if err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	at := t.At.UTC().Format(timeFormat)
	version := 1 + len(t.Steps) // Start, then one per Save
	if t.Submit {
		version++
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO intake_applications (status, step, answers, created_by, created_at, updated_at, version)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		rec.status, rec.step, sealed, t.UserID, at, at, version)
	if err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if rec.id, err = res.LastInsertId(); err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if err := insertTerms(ctx, tx, rec.id, termsOf(b, rec.answers)); err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if t.HandedOver && t.Submit {
		_, err = tx.ExecContext(ctx,
			`INSERT INTO intake_handovers (application_id, handed_at, handed_by, matched) VALUES (?, ?, ?, 1)`,
			rec.id, t.HandedAt.UTC().Format(timeFormat), t.UserID)
		if err != nil {
			return 0, fmt.Errorf("add application %d: handover: %w", rec.id, err)
		}
	}
	return rec.id, nil
}

// settingSynthetic marks a database filled by madoguchi seed: training and
// load tests only. A seed refuses a database without it that holds
// applications, so real records are never mixed with invented ones.
const settingSynthetic = "synthetic"

// SeedAllowed reports whether synthetic applications may be added: the
// database holds none, or only synthetic ones.
func (s *Service) SeedAllowed(ctx context.Context) (bool, error) {
	var any, marked int
	err := s.db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM intake_applications),
		        EXISTS (SELECT 1 FROM intake_settings WHERE name = ? AND value = 'yes')`, settingSynthetic).Scan(&any, &marked)
	if err != nil {
		return false, fmt.Errorf("check for real applications: %w", err)
	}
	return any == 0 || marked == 1, nil
}

// MarkSynthetic records, in the seed's transaction, that the database holds
// synthetic applications.
func MarkSynthetic(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO intake_settings (name, value) VALUES (?, 'yes') ON CONFLICT (name) DO UPDATE SET value = 'yes'`, settingSynthetic)
	if err != nil {
		return fmt.Errorf("mark the database synthetic: %w", err)
	}
	return nil
}
