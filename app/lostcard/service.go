package lostcard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/problem"
	"madoguchi/app/vault"
)

// timeFormat is fixed-width UTC, so text order is time order in SQL.
const timeFormat = "2006-01-02T15:04:05.000Z"

// record is a report row with its answers opened.
type record struct {
	id        int64
	status    string
	language  string
	answers   Answers
	createdBy int64
	startedAt string
	updatedAt string
	version   int64
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// The report-level problems; new values each time, so no caller can change a shared one.
func errNotFound() error   { return problem.New("lostcard.error.notFound", nil) }
func errConflict() error   { return problem.New("lostcard.error.conflict", nil) }
func errTransition() error { return problem.New("lostcard.error.transition", nil) }
func errFinished() error   { return problem.New("lostcard.error.finished", nil) }

// Start opens a report for userID, its time recorded now: the moment the
// agent pressed the key is the time of the report. The insert runs in a
// transaction that first holds the data key (vault.Hold), so a desk still
// holding a key another desk retired writes nothing it could not open
// again: it fails with vault.error.keyChanged.
func (s *Service) Start(ctx context.Context, userID int64) (*Report, error) {
	rec := &record{status: StatusOpen, answers: Answers{}, createdBy: userID, version: 1}
	rec.startedAt = s.stamp()
	rec.updatedAt = rec.startedAt
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		// Sealed after the hold: the key it seals with is then the one held.
		sealed, err := s.seal(rec.answers)
		if err != nil {
			return err
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		return tx.QueryRowContext(ctx,
			`INSERT INTO lostcard_reports (status, caller_language, answers, created_by, started_at, updated_at)
			 VALUES (?, '', ?, ?, ?, ?) RETURNING id`, rec.status, sealed, userID, rec.startedAt, rec.updatedAt).Scan(&rec.id)
	})
	if err != nil {
		return nil, fmt.Errorf("start report: %w", err)
	}
	return report(rec), nil
}

// Get returns one report, or the problem lostcard.error.notFound.
func (s *Service) Get(ctx context.Context, id int64) (*Report, error) {
	rec, err := s.load(ctx, s.db, id)
	if err != nil {
		return nil, wrapTech(err, "get report %d", id)
	}
	return report(rec), nil
}

// Save checks the format of the answers given and merges them into the
// report, whatever its status: a call is taken in any order, and a police
// receipt number often arrives days after the suspension. On problems
// nothing changes. A finished report (closed, lifted) is not changed.
func (s *Service) Save(ctx context.Context, id int64, in Answers) (*Report, error) {
	r, err := s.change(ctx, id, func(rec *record) error {
		if slices.Contains(finished, rec.status) {
			return errFinished()
		}
		return s.merge(rec, in)
	}, nil)
	return r, wrapTech(err, "save report %d", id)
}

// Move saves the answers given (as Save) and moves the report to status to,
// in one transaction: the lifecycle must allow the move and the report must
// hold what that status needs (requirements). On problems nothing changes.
// A move records a suspension, a reissue, a card found or a suspension
// lifted, so audited records it in the same transaction, given the report's
// ID: unrecorded, the report does not move.
func (s *Service) Move(ctx context.Context, id int64, to string, in Answers, audited audit.Hook[int64]) (*Report, error) {
	r, err := s.change(ctx, id, func(rec *record) error {
		if slices.Contains(finished, rec.status) {
			return errFinished()
		}
		if !slices.Contains(transitions[rec.status], to) {
			return errTransition()
		}
		if err := s.merge(rec, in); err != nil {
			return err
		}
		if probs := requirements(to, rec.answers, rec.language); len(probs) > 0 {
			return probs
		}
		rec.status = to
		return nil
	}, audited)
	return r, wrapTech(err, "move report %d to %s", id, to)
}

func (s *Service) merge(rec *record, in Answers) error {
	start, err := time.Parse(timeFormat, rec.startedAt)
	if err != nil {
		return fmt.Errorf("report start time: %w", err)
	}
	normalised, probs := s.validate(in, start)
	if len(probs) > 0 {
		return probs
	}
	for f, v := range normalised {
		switch {
		case f == FieldCallerLanguage:
			rec.language = v
		case v == "":
			delete(rec.answers, f)
		default:
			rec.answers[f] = v
		}
	}
	return nil
}

// change loads the row in one transaction, locked (store.LockRows) until
// the transaction ends, lets fn change it and writes it back unless fn
// failed, so two desks queue instead of overwriting each other: the second
// reads the row as the first left it, and is refused (conflict) if its
// screen showed the version before. The write itself takes only the
// version it was made from. audited runs last in the transaction. The
// transaction holds the data key first (vault.Hold): a desk whose key was
// retired on another desk changes nothing (vault.error.keyChanged).
func (s *Service) change(ctx context.Context, id int64, fn func(*record) error, audited audit.Hook[int64]) (*Report, error) {
	var out *Report
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The key first, before the row lock (vault.Hold says why).
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		rec, err := s.loadFor(ctx, tx, id, s.db.LockRows())
		if err != nil {
			return err
		}
		if s.version > 0 && s.version != rec.version {
			return errConflict()
		}
		if err := fn(rec); err != nil {
			return err
		}
		sealed, err := s.seal(rec.answers)
		if err != nil {
			return err
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		rec.updatedAt = s.stamp()
		res, err := tx.ExecContext(ctx,
			`UPDATE lostcard_reports SET status = ?, caller_language = ?, answers = ?, updated_at = ?, version = version + 1
			 WHERE id = ? AND version = ?`, rec.status, rec.language, sealed, rec.updatedAt, rec.id, rec.version)
		if err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("write report: %w", err)
		} else if n == 0 {
			return errConflict()
		}
		rec.version++
		out = report(rec)
		return audited.Run(ctx, tx, rec.id)
	})
	return out, err
}

const selectReport = `SELECT id, status, caller_language, answers, created_by, started_at, updated_at, version FROM lostcard_reports`

type scanner interface{ Scan(dest ...any) error }

func (s *Service) scan(row scanner) (*record, error) {
	rec := &record{}
	var sealed []byte
	if err := row.Scan(&rec.id, &rec.status, &rec.language, &sealed, &rec.createdBy, &rec.startedAt, &rec.updatedAt, &rec.version); err != nil {
		return nil, err
	}
	var err error
	if rec.answers, err = s.open(sealed); err != nil {
		return nil, fmt.Errorf("open report %d: %w", rec.id, err)
	}
	return rec, nil
}

func (s *Service) load(ctx context.Context, q querier, id int64) (*record, error) {
	return s.loadFor(ctx, q, id, "")
}

// loadFor is load with a clause after the query (store.LockRows).
func (s *Service) loadFor(ctx context.Context, q querier, id int64, lock string) (*record, error) {
	rec, err := s.scan(q.QueryRowContext(ctx, selectReport+` WHERE id = ?`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("load report %d: %w", id, err)
	}
	return rec, nil
}

// unfinished opens every report still to follow up, oldest first. The
// caller must not keep them: they hold personal data.
func (s *Service) unfinished(ctx context.Context) ([]*record, error) {
	rows, err := s.db.QueryContext(ctx, selectReport+` WHERE status NOT IN (?, ?) ORDER BY started_at, id`, finished[0], finished[1])
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []*record
	for rows.Next() {
		rec, err := s.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// FollowUps lists the reports not yet closed or lifted, oldest first: what
// the call centre still has to follow.
func (s *Service) FollowUps(ctx context.Context) ([]Summary, error) {
	recs, err := s.unfinished(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(recs))
	for _, rec := range recs {
		out = append(out, summary(rec))
	}
	return out, nil
}

// SamePerson lists the other unfinished reports whose holder is the same
// person as report id's on all four basic items (app/people): a second
// report for one card is a warning, never a merge. Nothing less than all
// four items counts (the 2023 wrong-linking lessons, facts.md).
func (s *Service) SamePerson(ctx context.Context, id int64) ([]Summary, error) {
	self, err := s.load(ctx, s.db, id)
	if err != nil {
		return nil, wrapTech(err, "same person %d", id)
	}
	out := []Summary{}
	if !hasFourItems(self.answers) {
		return out, nil
	}
	recs, err := s.unfinished(ctx)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.id != id && hasFourItems(rec.answers) && samePerson(self.answers, rec.answers) {
			out = append(out, summary(rec))
		}
	}
	return out, nil
}

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

func (s *Service) stamp() string { return s.now().UTC().Format(timeFormat) }

// report builds the view the frontend gets; the derived fields come from the
// answers and the rules, so they never disagree with them.
func report(rec *record) *Report {
	r := &Report{
		ID: rec.id, Status: rec.status, CallerLanguage: rec.language, Answers: rec.answers,
		StartedAt: rec.startedAt, UpdatedAt: rec.updatedAt, Version: rec.version,
		Evidence: evidenceFor(rec.answers[FieldKind], rec.answers[FieldPlace]),
		Next:     NextStatuses(rec.status), CreatedBy: rec.createdBy,
	}
	if r.Next == nil {
		r.Next = []string{}
	}
	if !combined(rec.answers[FieldLostItem]) { // the express issue is the My Number Card's
		r.ExpressUntil = expressUntil(rec.startedAt)
	}
	return r
}

func summary(rec *record) Summary {
	s := Summary{ID: rec.id, Status: rec.status, CallerLanguage: rec.language, Name: rec.answers[FieldName],
		StartedAt: rec.startedAt, Version: rec.version}
	if !combined(rec.answers[FieldLostItem]) {
		s.ExpressUntil = expressUntil(rec.startedAt)
	}
	return s
}

func expressUntil(startedAt string) string {
	t, err := time.Parse(timeFormat, startedAt)
	if err != nil {
		return ""
	}
	if until, ok := ExpressUntil(t); ok {
		return until.Format(time.DateOnly)
	}
	return ""
}

// wrapTech adds context to technical errors but returns problems as they
// are: they are messages for the user.
func wrapTech(err error, format string, args ...any) error {
	if err == nil || problem.From(err) != nil {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// Reseal re-encrypts every report's answers: pass it to vault.Setup and
// vault.Rotate with the other packages' resealers.
var Reseal = vault.ResealColumn("lostcard_reports", "id", "answers")
