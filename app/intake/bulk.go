package intake

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
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

// Prepared is a Taken application checked, sealed and with its terms, ready
// to be written: Prepare is all computation, Write all SQL, so a bulk
// writer can prepare the next applications while the database writes.
type Prepared struct {
	taken   Taken
	status  string
	step    string
	sealed  []byte
	terms   []int64
	persons []int64 // the person terms among them (personTermsOf)
	card    []byte  // sealed
	version int
}

// Prepare checks t through the desk's own rules: each step is reachable and
// validated as Save validates it, submission validates every step again as
// Submit does. The answers are sealed and their blind-index terms made
// with b (the caller's: a Blinder is not safe for concurrent use). Numbers
// are never recorded. A problem is returned wrapped with its step.
func (s *Service) Prepare(b *vault.Blinder, t Taken) (*Prepared, error) {
	rules := s.Rules()
	answers := Answers{}
	p := &Prepared{taken: t, status: StatusDraft, step: stepLanguage, version: 1 + len(t.Steps)} // Start, then one per Save
	for _, sa := range t.Steps {
		if sa.Step == stepNumber || !reachable(rules, sa.Step, answers) {
			return nil, fmt.Errorf("step %s: %w", sa.Step, errStepNotAvailable())
		}
		normalised, probs := Validate(sa.Step, sa.Answers, rules)
		if len(probs) > 0 {
			return nil, fmt.Errorf("step %s: %w", sa.Step, probs)
		}
		merge(answers, sa.Step, normalised)
		p.step = nextStep(rules, answers)
	}
	if t.Submit {
		var all problem.List
		for _, step := range applicableSteps(rules, answers) {
			_, probs := Validate(step, answers, rules)
			all = append(all, probs...)
		}
		if len(all) > 0 {
			return nil, fmt.Errorf("submit: %w", all)
		}
		p.status, p.step = StatusReady, stepCheck
		p.version++
	}
	var err error
	if p.sealed, err = s.seal(answers); err != nil {
		return nil, err
	}
	p.terms = termsOf(b, answers)
	p.persons = personTermsOf(b, answers)
	if p.card, err = sealCard(s.vault, answers); err != nil {
		return nil, err
	}
	return p, nil
}

// Write inserts a prepared application inside tx, files it in the blind
// index and records its handover as RecordHandover records a matched one.
// It returns the new application's ID. It holds the vault's key in tx
// (vault.Hold): p was sealed and filed under it, and a rotation on another
// desk since then fails the write rather than leave p under a retired key.
func (s *Service) Write(ctx context.Context, tx *sql.Tx, p *Prepared) (int64, error) {
	id, err := s.insert(ctx, tx, p)
	if err != nil {
		return 0, err
	}
	if err := insertTerms(ctx, tx, id, p.terms); err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if err := filePersonTerms(ctx, tx, p.card, p.listing(), p.persons, id); err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	return id, nil
}

// listing is what p's card is filed with.
func (p *Prepared) listing() listing {
	return listing{status: p.status, updatedAt: p.taken.At.UTC().Format(timeFormat)}
}

// insert writes p's row, card and handover, not its terms.
func (s *Service) insert(ctx context.Context, tx *sql.Tx, p *Prepared) (int64, error) {
	if err := s.vault.Hold(ctx, tx); err != nil {
		return 0, err
	}
	t := p.taken
	at := t.At.UTC().Format(timeFormat)
	var id int64
	err := tx.QueryRowContext(ctx,
		`INSERT INTO intake_applications (status, step, answers, created_by, created_at, updated_at, version)
		 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.status, p.step, p.sealed, t.UserID, at, at, p.version).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if err := writeCard(ctx, tx, id, p.card, p.listing()); err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	if t.HandedOver && p.status == StatusReady {
		_, err = tx.ExecContext(ctx,
			`INSERT INTO intake_handovers (application_id, handed_at, handed_by, matched) VALUES (?, ?, ?, 1)`,
			id, t.HandedAt.UTC().Format(timeFormat), t.UserID)
		if err != nil {
			return 0, fmt.Errorf("add application %d: handover: %w", id, err)
		}
	}
	return id, nil
}

// Add is Prepare then Write: one whole application written in tx.
func (s *Service) Add(ctx context.Context, tx *sql.Tx, b *vault.Blinder, t Taken) (int64, error) {
	p, err := s.Prepare(b, t)
	if err != nil {
		return 0, fmt.Errorf("add application: %w", err)
	}
	return s.Write(ctx, tx, p)
}

// settingSynthetic marks a database filled by madoguchi seed: training and
// load tests only. A seed refuses a database without it that holds
// applications, so real records are never mixed with invented ones.
const settingSynthetic = "synthetic"

// SeedAllowed reports whether synthetic applications may be added: the
// database holds none, or only synthetic ones.
func SeedAllowed(ctx context.Context, db *store.DB) (bool, error) {
	var any, marked bool // SQLite gives 0 or 1, PostgreSQL a boolean
	err := db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM intake_applications),
		        EXISTS (SELECT 1 FROM intake_settings WHERE name = ? AND value = 'yes')`, settingSynthetic).Scan(&any, &marked)
	if err != nil {
		return false, fmt.Errorf("check for real applications: %w", err)
	}
	return !any || marked, nil
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
