package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/freetext"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/vault"
)

// Referral is a case referred to an organisation of the directory.
type Referral struct {
	ID       int64     `json:"id"`
	CaseID   int64     `json:"caseId"`
	Org      string    `json:"org"` // directory ID
	Reason   string    `json:"reason"`
	Status   string    `json:"status"`
	Outcome  string    `json:"outcome"`  // with declined and closed: one of Outcomes
	FollowUp string    `json:"followUp"` // ISO day to check on it, "" for none
	Consent  *Consent  `json:"consent"`
	Override *Override `json:"override"`
	SentAt   string    `json:"sentAt"`
	// Version is the row version: a change sent with an older one is
	// refused (cases.error.conflict), as a case's is.
	Version int64 `json:"version"`
}

// Consent is the person's consent to share some of their case with the
// referral's organisation.
type Consent struct {
	GivenBy      string   `json:"givenBy"`      // the name of who consented
	Relationship string   `json:"relationship"` // one of Relationships
	Fields       []string `json:"fields"`       // what may be shared: some of ShareableFields
	With         string   `json:"with"`         // the organisation it may be shared with (directory ID)
	Day          string   `json:"day"`          // ISO day consent was given
	Method       string   `json:"method"`       // one of Methods
	// With MethodSpokenInterpreter: the language it was interpreted into
	// and the interpreter's name.
	InterpreterLanguage string `json:"interpreterLanguage"`
	InterpreterName     string `json:"interpreterName"`
	RecordedBy          int64  `json:"recordedBy"`
}

// ConsentForm is the consent question page as typed.
type ConsentForm struct {
	GivenBy             string   `json:"givenBy"`
	Relationship        string   `json:"relationship"`
	Fields              []string `json:"fields"`
	Day                 string   `json:"day"`
	Month               string   `json:"month"`
	Year                string   `json:"year"`
	Method              string   `json:"method"`
	InterpreterLanguage string   `json:"interpreterLanguage"`
	InterpreterName     string   `json:"interpreterName"`
}

// Override is a supervisor letting a referral leave draft without consent.
type Override struct {
	By     int64  `json:"by"`
	Reason string `json:"reason"`
	At     string `json:"at"`
}

// NewReferral is the form that opens a referral.
type NewReferral struct {
	Org    string `json:"org"`
	Reason string `json:"reason"`
}

// referralData is what is sealed in case_referrals.data.
type referralData struct {
	Reason   string    `json:"reason"`
	Consent  *Consent  `json:"consent,omitempty"`
	Override *Override `json:"override,omitempty"`
}

func errReferralNotFound() error { return problem.New("cases.referral.error.notFound", nil) }

// CreateReferral opens a draft referral of a case of the scope to an
// active organisation of the directory.
func (s *Service) CreateReferral(ctx context.Context, sc Scope, userID, caseID int64, in NewReferral) (*Referral, error) {
	in.Org = strings.TrimSpace(in.Org)
	var probs problem.List
	if in.Org == "" {
		probs.Add(problem.OnField("org", "cases.referral.org.error.required", nil))
	} else if o, err := s.dir.Get(ctx, in.Org); err != nil || !o.Active {
		if err != nil && problem.From(err) == nil {
			return nil, err
		}
		probs.Add(problem.OnField("org", "cases.referral.org.error.unknown", nil))
	}
	in.Reason = text(&probs, "reason", in.Reason, freetext.Lines, maxReason, true)
	if len(probs) > 0 {
		return nil, probs
	}
	now := s.stamp()
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The data key first (Sealer), then the case of the scope.
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		if _, _, err := s.load(ctx, tx, sc, caseID); err != nil {
			return err
		}
		sealed, err := s.seal(referralData{Reason: in.Reason})
		if err != nil {
			return err
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		return tx.QueryRowContext(ctx, `INSERT INTO case_referrals (case_id, org_id, status, data, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, in.Org, StatusDraft, sealed, userID, now, now).Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("create referral: %w", err)
	}
	return s.Referral(ctx, sc, id)
}

// Referral returns one referral of a case of the scope.
func (s *Service) Referral(ctx context.Context, sc Scope, id int64) (*Referral, error) {
	r, _, err := s.loadReferral(ctx, s.db, sc, id)
	return r, err
}

// RecordConsent checks the consent form and records it on a draft referral.
// The organisation consented to is the referral's own. Consent is what lets
// a person's data leave, so audited records it in the same transaction:
// unrecorded, it is not kept. version is the referral's version the form
// was filled in from (0: do not check), as for every change of a referral.
func (s *Service) RecordConsent(ctx context.Context, sc Scope, userID, id, version int64, f ConsentForm, audited audit.Hook[*Referral]) (*Referral, error) {
	c, err := s.checkConsent(f)
	if err != nil {
		return nil, err
	}
	c.RecordedBy = userID
	return s.changeReferral(ctx, sc, id, version, func(r *Referral, d *referralData) error {
		if r.Status != StatusDraft {
			return problem.New("cases.referral.error.notDraft", nil)
		}
		c.With = r.Org
		d.Consent = &c
		return nil
	}, audited)
}

func (s *Service) checkConsent(f ConsentForm) (Consent, error) {
	// Dates and codes get their digits made half-width; names are one line
	// of the shared text rule (halfWidthDigits would turn the long-vowel
	// mark ー into "-").
	trimAll(&f.Relationship, &f.Day, &f.Month, &f.Year, &f.Method, &f.InterpreterLanguage)
	var probs problem.List
	f.GivenBy = text(&probs, "givenBy", f.GivenBy, freetext.Line, maxGivenBy, true)
	if !slices.Contains(Relationships, f.Relationship) {
		probs.Add(problem.OnField("relationship", "cases.consent.relationship.error.required", nil))
	}
	var fields []string
	for _, id := range ShareableFields { // in the fixed order, each once
		if slices.Contains(f.Fields, id) {
			fields = append(fields, id)
		}
	}
	if len(fields) == 0 || len(fields) != len(slices.Compact(slices.Sorted(slices.Values(f.Fields)))) {
		probs.Add(problem.OnField("fields", "cases.consent.fields.error.required", nil))
	}
	day, ok := parseDate(f.Day, f.Month, f.Year)
	switch {
	case f.Day+f.Month+f.Year == "":
		probs.Add(problem.OnField("day", "cases.situation.error.dateRequired", nil))
	case !ok:
		probs.Add(problem.OnField("day", "cases.situation.error.dateInvalid", nil))
	case day.After(s.today()):
		probs.Add(problem.OnField("day", "cases.consent.day.error.future", nil))
	}
	if !slices.Contains(Methods, f.Method) {
		probs.Add(problem.OnField("method", "cases.consent.method.error.required", nil))
	}
	if f.Method == MethodSpokenInterpreter {
		if !slices.Contains(s.languages, f.InterpreterLanguage) {
			probs.Add(problem.OnField("interpreterLanguage", "cases.consent.interpreterLanguage.error.required", nil))
		}
		f.InterpreterName = text(&probs, "interpreterName", f.InterpreterName, freetext.Line, maxInterp, true)
	} else {
		f.InterpreterLanguage, f.InterpreterName = "", ""
	}
	if len(probs) > 0 {
		return Consent{}, probs
	}
	return Consent{
		GivenBy: f.GivenBy, Relationship: f.Relationship, Fields: fields, Day: day.String(), Method: f.Method,
		InterpreterLanguage: f.InterpreterLanguage, InterpreterName: f.InterpreterName,
	}, nil
}

// today is the calendar day in Japan, as residency counts it.
func (s *Service) today() time.Time {
	return residency.DateOf(s.now().In(time.FixedZone("JST", 9*60*60))).Time
}

// Send moves a draft referral to sent: only with the person's consent
// recorded, or a supervisor's override with a reason (override non-nil;
// the caller has authenticated the supervisor). audited records the sending
// in its transaction, given the referral as sent (its Override set when the
// override is what let it go): unrecorded, the referral stays a draft.
// version as for RecordConsent.
func (s *Service) Send(ctx context.Context, sc Scope, id, version int64, override *Override, audited audit.Hook[*Referral]) (*Referral, error) {
	if override != nil {
		var probs problem.List
		override.Reason = text(&probs, "overrideReason", override.Reason, freetext.Lines, maxReason, false)
		if override.Reason == "" {
			return nil, problem.List{problem.OnField("overrideReason", "cases.referral.override.reason.error.required", nil)}
		}
		if len(probs) > 0 {
			return nil, probs
		}
		override.At = s.stamp()
	}
	return s.changeReferral(ctx, sc, id, version, func(r *Referral, d *referralData) error {
		if r.Status != StatusDraft {
			return problem.New("cases.referral.error.notDraft", nil)
		}
		if d.Consent == nil && override == nil {
			return problem.New("cases.referral.error.noConsent", nil)
		}
		if d.Consent == nil {
			d.Override = override
		}
		r.Status = StatusSent
		r.SentAt = s.stamp()
		return nil
	}, audited)
}

// Update moves a sent referral on (accepted, declined, closed) with an
// outcome where one is needed, and sets or clears its follow-up day
// (status "" keeps the status). audited records it in its transaction.
// version as for RecordConsent.
func (s *Service) Update(ctx context.Context, sc Scope, id, version int64, status, outcome, followUp string, audited audit.Hook[*Referral]) (*Referral, error) {
	followUp = strings.TrimSpace(followUp)
	var fu string
	if followUp != "" {
		d, ok := residency.ParseDate(followUp)
		if !ok || !d.Valid() {
			return nil, problem.List{problem.OnField("followUp", "cases.situation.error.dateInvalid", nil)}
		}
		fu = d.String()
	}
	return s.changeReferral(ctx, sc, id, version, func(r *Referral, d *referralData) error {
		if status != "" && status != r.Status {
			if !slices.Contains(transitions[r.Status], status) {
				return problem.List{problem.OnField("status", "cases.referral.status.error.transition", nil)}
			}
			if needsOutcome[status] && !slices.Contains(Outcomes, outcome) {
				return problem.List{problem.OnField("outcome", "cases.referral.outcome.error.required", nil)}
			}
			r.Status = status
			if needsOutcome[status] {
				r.Outcome = outcome
			}
		}
		if r.Status == StatusClosed {
			fu = ""
		}
		r.FollowUp = fu
		return nil
	}, audited)
}

// changeReferral loads a referral in one transaction, locked until it ends
// (store.LockRows: a second desk's change waits, then reads the referral as
// this one left it), refuses it when version (0: none) is not the
// referral's (cases.error.conflict), lets fn change it and writes it back
// over the version read only, unless fn failed; audited runs last in the
// transaction, given the referral as changed. The transaction holds the
// data key first (Sealer).
func (s *Service) changeReferral(ctx context.Context, sc Scope, id, version int64, fn func(*Referral, *referralData) error, audited audit.Hook[*Referral]) (*Referral, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The data key first, before the row lock (Sealer).
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		r, d, err := s.loadReferralFor(ctx, tx, sc, id, s.db.LockRows("r"))
		if err != nil {
			return err
		}
		if version != 0 && version != r.Version {
			return errConflict()
		}
		if err := fn(r, &d); err != nil {
			return err
		}
		sealed, err := s.seal(d)
		if err != nil {
			return fmt.Errorf("change referral %d: %w", id, err)
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_referrals SET status = ?, outcome = ?, follow_up = ?, data = ?, sent_at = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			r.Status, r.Outcome, r.FollowUp, sealed, r.SentAt, s.stamp(), id, r.Version)
		if err := versionWritten(res, err, "change referral %d", id); err != nil {
			return err
		}
		r.Version++
		r.Reason, r.Consent, r.Override = d.Reason, d.Consent, d.Override
		return audited.Run(ctx, tx, r)
	})
	if err != nil {
		return nil, err
	}
	return s.Referral(ctx, sc, id)
}

const referralColumns = `r.id, r.case_id, r.org_id, r.status, r.outcome, r.follow_up, r.data, r.sent_at, r.version`

func (s *Service) loadReferral(ctx context.Context, q querier, sc Scope, id int64) (*Referral, referralData, error) {
	return s.loadReferralFor(ctx, q, sc, id, "")
}

// loadReferralFor is loadReferral with a clause after the query
// (store.LockRows of r, the referral: its case is only read).
func (s *Service) loadReferralFor(ctx context.Context, q querier, sc Scope, id int64, lock string) (*Referral, referralData, error) {
	r, d, err := s.scanReferral(q.QueryRowContext(ctx, `SELECT `+referralColumns+`
		FROM case_referrals r JOIN cases c ON c.id = r.case_id WHERE r.id = ? AND c.org = ?`+lock, id, sc.Org))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, d, errReferralNotFound()
	}
	if err != nil {
		return nil, d, fmt.Errorf("load referral %d: %w", id, err)
	}
	return r, d, nil
}

func (s *Service) scanReferral(row interface{ Scan(...any) error }) (*Referral, referralData, error) {
	var r Referral
	var d referralData
	var sealed []byte
	if err := row.Scan(&r.ID, &r.CaseID, &r.Org, &r.Status, &r.Outcome, &r.FollowUp, &sealed, &r.SentAt, &r.Version); err != nil {
		return nil, d, err
	}
	if err := vault.OpenJSON(s.vault, sealed, &d); err != nil {
		return nil, d, fmt.Errorf("open referral %d: %w", r.ID, err)
	}
	r.Reason, r.Consent, r.Override = d.Reason, d.Consent, d.Override
	return &r, d, nil
}

// referrals lists a case's referrals, oldest first.
func (s *Service) referrals(ctx context.Context, caseID int64) ([]Referral, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+referralColumns+` FROM case_referrals r WHERE r.case_id = ? ORDER BY r.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list referrals: %w", err)
	}
	defer rows.Close()
	out := []Referral{}
	for rows.Next() {
		r, _, err := s.scanReferral(rows)
		if err != nil {
			return nil, fmt.Errorf("list referrals: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}
