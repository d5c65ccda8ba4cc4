package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// timeFormat is fixed-width UTC, so text order is time order in SQL.
const timeFormat = "2006-01-02T15:04:05.000Z"

// record is an application row with its answers opened.
type record struct {
	id        int64
	status    string
	step      string
	answers   Answers
	createdBy int64
	updatedAt string
	version   int64
	number    *numberChange // written with the row, then forgotten
}

// querier is what both *sql.Tx and *store.DB offer for reading one row.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// errUnchanged tells change to return the application without writing it.
var errUnchanged = errors.New("unchanged")

// The application-level problems; new values each time, so that no caller
// can change a shared one.
func errNotFound() error         { return problem.New("intake.error.notFound", nil) }
func errAlreadySubmitted() error { return problem.New("intake.error.alreadySubmitted", nil) }
func errStepNotAvailable() error { return problem.New("intake.error.stepNotAvailable", nil) }
func errConflict() error         { return problem.New("intake.error.conflict", nil) }

// Start creates an empty draft for userID at the language step.
func (s *Service) Start(ctx context.Context, userID int64) (*Application, error) {
	rec := &record{status: StatusDraft, step: stepLanguage, answers: Answers{}, createdBy: userID}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		sealed, err := s.seal(rec.answers)
		if err != nil {
			return err
		}
		rec.updatedAt = s.stamp()
		return tx.QueryRowContext(ctx,
			`INSERT INTO intake_applications (status, step, answers, created_by, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			rec.status, rec.step, sealed, userID, rec.updatedAt, rec.updatedAt).Scan(&rec.id)
	})
	if err != nil {
		return nil, wrapTech(err, "start application")
	}
	return s.application(rec), nil
}

// Get returns one application, or the problem intake.error.notFound.
func (s *Service) Get(ctx context.Context, id int64) (*Application, error) {
	rec, err := s.load(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	app := s.application(rec)
	if app.HandedOver, err = s.handover(ctx, s.db, id); err != nil {
		return nil, fmt.Errorf("get application %d: %w", id, err)
	}
	if app.Number, err = s.numberView(ctx, s.db, id); err != nil {
		return nil, wrapTech(err, "get application %d", id)
	}
	return app, nil
}

// Save validates the answers of one step and, if they pass, merges them
// into the draft and moves it to the next step that needs answers. On
// problems nothing changes and the problem.List is returned as the error.
func (s *Service) Save(ctx context.Context, id int64, step string, in Answers) (*Application, error) {
	app, err := s.change(ctx, id, func(r Rules, rec *record) error {
		if rec.status != StatusDraft {
			return errAlreadySubmitted()
		}
		if !reachable(r, step, rec.answers) {
			return errStepNotAvailable()
		}
		if step == stepNumber {
			in = copyAnswers(in)
			in[fieldNumberRecorded] = rec.answers[fieldNumberRecorded] // the store says, not the form
		}
		normalised, probs := Validate(step, in, r)
		if len(probs) > 0 {
			return probs
		}
		if step == stepNumber {
			takeNumber(rec, normalised)
		}
		merge(rec.answers, step, normalised)
		rec.step = nextStep(r, rec.answers)
		return nil
	})
	if err != nil {
		return nil, wrapTech(err, "save step %s", step)
	}
	return app, nil
}

// Open records that the applicant went to step (a back link, or "Change"
// on the check page). The step must apply and every step before it be
// complete, so the position never skips an unanswered question. A ready
// application can only be looked at on its check page.
func (s *Service) Open(ctx context.Context, id int64, step string) (*Application, error) {
	app, err := s.change(ctx, id, func(r Rules, rec *record) error {
		if rec.status != StatusDraft {
			if step == stepCheck {
				return errUnchanged // looking is fine; updated_at stays the submission time
			}
			return errAlreadySubmitted()
		}
		if !reachable(r, step, rec.answers) {
			return errStepNotAvailable()
		}
		rec.step = step
		return nil
	})
	if err != nil {
		return nil, wrapTech(err, "open step %s", step)
	}
	return app, nil
}

// Submit validates every applicable step again (rules, such as "today",
// may have moved since a step was saved) and marks the application ready.
// The problems of all steps are returned together, in step order.
func (s *Service) Submit(ctx context.Context, id int64) (*Application, error) {
	app, err := s.change(ctx, id, func(r Rules, rec *record) error {
		if rec.status != StatusDraft {
			return errAlreadySubmitted()
		}
		var all problem.List
		for _, step := range applicableSteps(r, rec.answers) {
			_, probs := Validate(step, rec.answers, r)
			all = append(all, probs...)
		}
		if len(all) > 0 {
			return all
		}
		rec.status, rec.step = StatusReady, stepCheck
		return nil
	})
	if err != nil {
		return nil, wrapTech(err, "submit application")
	}
	return app, nil
}

// LatestDraft returns the id of userID's most recently changed draft, 0 if
// there is none, so the desk can offer to resume after a restart.
func (s *Service) LatestDraft(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx,
		`SELECT id FROM intake_applications WHERE created_by = ? AND status = ?
		 ORDER BY updated_at DESC, id DESC LIMIT 1`, userID, StatusDraft).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("latest draft: %w", err)
	}
	return id, nil
}

// change loads the row in one transaction, lets fn change it, and writes
// it back unless fn returned an error. The row is read locked (an immediate
// transaction on SQLite, FOR UPDATE on PostgreSQL), so two desks on the same
// application queue instead of overwriting each other's answers, and the
// second one sees the first one's version.
func (s *Service) change(ctx context.Context, id int64, fn func(Rules, *record) error) (*Application, error) {
	var app *Application
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		b, err := s.vault.Blinder() // the held key's
		if err != nil {
			return err
		}
		rec, err := s.load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if s.version > 0 && s.version != rec.version {
			return errConflict()
		}
		filed := termsOf(b, rec.answers) // before fn changes the answers in place
		filedPerson := personTermsOf(b, rec.answers)
		if err := fn(s.Rules(), rec); err != nil && !errors.Is(err, errUnchanged) {
			return err
		} else if err == nil {
			if err := s.write(ctx, tx, rec); err != nil {
				return err
			}
			if err := writeTerms(ctx, tx, id, filed, termsOf(b, rec.answers)); err != nil {
				return err
			}
			sealed, err := sealCard(s.vault, rec.answers)
			if err != nil {
				return err
			}
			l := listing{status: rec.status, updatedAt: rec.updatedAt}
			if err := fileCard(ctx, tx, id, sealed, l, filedPerson, personTermsOf(b, rec.answers)); err != nil {
				return err
			}
		}
		app = s.application(rec)
		app.Number, err = s.numberView(ctx, tx, id)
		return err
	})
	return app, err
}

// load reads application id; with lock, q is a transaction about to change
// it, and the row stays locked until it ends (forUpdate).
func (s *Service) load(ctx context.Context, q querier, id int64, lock bool) (*record, error) {
	rec := &record{id: id}
	var sealed []byte
	query := `SELECT status, step, answers, created_by, updated_at, version FROM intake_applications WHERE id = ?`
	if lock {
		query += forUpdate(s.db)
	}
	err := q.QueryRowContext(ctx, query, id).
		Scan(&rec.status, &rec.step, &sealed, &rec.createdBy, &rec.updatedAt, &rec.version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("load application %d: %w", id, err)
	}
	if rec.answers, err = s.open(sealed); err != nil {
		return nil, fmt.Errorf("load application %d: %w", id, err)
	}
	return rec, nil
}

func (s *Service) write(ctx context.Context, tx *sql.Tx, rec *record) error {
	sealed, err := s.seal(rec.answers)
	if err != nil {
		return fmt.Errorf("write application %d: %w", rec.id, err)
	}
	rec.updatedAt = s.stamp()
	_, err = tx.ExecContext(ctx,
		`UPDATE intake_applications SET status = ?, step = ?, answers = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		rec.status, rec.step, sealed, rec.updatedAt, rec.id)
	rec.version++
	if err != nil {
		return fmt.Errorf("write application %d: %w", rec.id, err)
	}
	if rec.number != nil {
		if err := s.writeNumber(ctx, tx, rec.id, rec.number); err != nil {
			return fmt.Errorf("write application %d: %w", rec.id, err)
		}
		rec.number = nil
	}
	return nil
}

func copyAnswers(a Answers) Answers {
	c := make(Answers, len(a))
	for k, v := range a {
		c[k] = v
	}
	return c
}

// seal stores the whole answers map as one sealed JSON value: every
// answer is personal data, so all of it goes through the vault.
func (s *Service) seal(a Answers) ([]byte, error) {
	return vault.SealJSON(s.vault, a)
}

func (s *Service) open(sealed []byte) (Answers, error) {
	a := Answers{}
	if err := vault.OpenJSON(s.vault, sealed, &a); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Service) stamp() string {
	return s.now().UTC().Format(timeFormat)
}

// application builds the view the frontend gets; the derived fields come
// from the answers so they can never disagree with them.
func (s *Service) application(rec *record) *Application {
	app := &Application{
		ID:        rec.id,
		Status:    rec.status,
		Step:      rec.step,
		Steps:     applicableSteps(s.Rules(), rec.answers),
		Answers:   rec.answers,
		BirthDate: rec.answers[fieldBirthDate],
		UpdatedAt: rec.updatedAt,
		Version:   rec.version,
		CreatedBy: rec.createdBy,
	}
	if t, err := time.Parse(time.DateOnly, app.BirthDate); err == nil {
		if e, ok := ToEra(t); ok {
			app.BirthEra = &e
		}
	}
	return app
}

// forUpdate is what a read in a transaction adds to lock the rows it reads
// until the transaction ends: PostgreSQL's FOR UPDATE. READ COMMITTED lets
// two transactions read the same row and both write it back, the second
// overwriting the first; with the lock the second waits, then reads what
// the first committed. SQLite's transactions are immediate: one writes at a
// time, and nothing is added.
func forUpdate(db *store.DB) string {
	if db.Engine == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// wrapTech adds context to technical errors but returns problems as they
// are: they are messages for the user, and context would only clutter them.
func wrapTech(err error, format string, args ...any) error {
	if problem.From(err) != nil {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
