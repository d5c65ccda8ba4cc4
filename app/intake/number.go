package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/mynumber"
	"madoguchi/app/problem"
	"madoguchi/app/vault"
)

// Answer keys of the number step. The digits (fieldNumber, fieldNumberAgain)
// are read from the form and stored apart; the answers keep only whether
// the applicant wants it recorded and whether it is.
const (
	fieldRecordNumber   = "recordNumber"   // "yes" or "no": the applicant's choice
	fieldNumberRecorded = "numberRecorded" // "yes" once stored; set by Save, never by the form
	fieldNumber         = "number"
	fieldNumberAgain    = "numberAgain"
)

// Number sources, as stored.
const (
	NumberTyped = "typed" // entered twice by counter staff
	NumberCard  = "card"  // read from the applicant's card with its PIN
)

// Why a number was destroyed, as stored.
const (
	DestroyedRetention = "retention" // the application closed and its retention period ended
	DestroyedWithdrawn = "withdrawn" // the applicant chose not to have it recorded after all
	DestroyedAbandoned = "abandoned" // the draft was left unsubmitted longer than the retention period
)

// DefaultNumberRetentionDays is how long the number is kept after the card
// is handed over, until an administrator sets another period. The law asks
// for deletion as soon as the task and any retention period end
// (facts.md, "Data protection"); the month lets a card issued with a wrong
// number be corrected. It is this project's choice, not a legal figure.
const DefaultNumberRetentionDays = 30

// MaxNumberRetentionDays bounds the setting: about 10 years.
const MaxNumberRetentionDays = 3650

const settingNumberRetention = "numberRetentionDays"

// NumberView is what screens get of a number: never its digits.
type NumberView struct {
	Masked      string `json:"masked"` // "•••• •••• 9018"; "" once destroyed
	Source      string `json:"source"`
	RecordedAt  string `json:"recordedAt"`
	DestroyedAt string `json:"destroyedAt"` // set once destroyed
	Destroyed   string `json:"destroyed"`   // why: retention or withdrawn
}

// numberChange is a change of the stored number that write makes in the
// application's transaction.
type numberChange struct {
	set    string // the 12 digits to store; "" to destroy the stored one
	source string
	reason string // why it is destroyed, when set is ""
}

func numberRecord(id int64) vault.Record { return vault.Record{Kind: "intake.number", ID: id} }

// NumberEvent is what happened to an application's Individual Number, for
// its audit record.
type NumberEvent struct {
	Application int64
	Destroyed   string // why it was destroyed (DestroyedWithdrawn...); "" when it was recorded
}

// RecordingNumbers returns the service for a user who may record the
// Individual Number (counter staff): the number step is asked. rec records
// every number this service stores or destroys (withdrawn by the applicant)
// in the transaction that does it: if it fails, nothing is stored or
// destroyed. A nil rec records nothing (tests).
func (s *Service) RecordingNumbers(rec audit.Hook[NumberEvent]) *Service {
	c := *s
	c.numbers = true
	c.numberAudit = rec
	return &c
}

// validateNumber checks the number step. With "yes" the number must be
// typed twice, the same, with a valid check digit, unless one is already
// stored and neither box was filled (the page sent again unchanged).
func validateNumber(f *form, _ Rules) {
	switch f.choice(fieldRecordNumber, []string{"yes", "no"}) {
	case "no":
		return
	case "":
		return
	}
	f.out[fieldNumberRecorded] = f.in[fieldNumberRecorded]
	typed, again := strings.TrimSpace(f.in[fieldNumber]), strings.TrimSpace(f.in[fieldNumberAgain])
	if typed == "" && again == "" && f.in[fieldNumberRecorded] == "yes" {
		return
	}
	n, kind := mynumber.Parse(typed)
	if kind != "" {
		f.fail(fieldNumber, kind, nil)
		return
	}
	switch n2, kind := mynumber.Parse(again); {
	case kind == mynumber.KindRequired:
		f.fail(fieldNumberAgain, "required", nil)
	case n2 != n:
		f.fail(fieldNumberAgain, "mismatch", nil)
	default:
		f.out[fieldNumber] = n
		f.out[fieldNumberRecorded] = "yes"
	}
}

// takeNumber moves the digits out of a validated number step into a change
// of the stored number, so that they never reach the answers.
func takeNumber(rec *record, normalised Answers) {
	digits := normalised[fieldNumber]
	delete(normalised, fieldNumber)
	switch {
	case digits != "":
		rec.number = &numberChange{set: digits, source: NumberTyped}
	case normalised[fieldRecordNumber] == "no" && rec.answers[fieldNumberRecorded] == "yes":
		rec.number = &numberChange{reason: DestroyedWithdrawn}
	}
}

// writeNumber stores or destroys the number inside the application's
// transaction, with its audit record.
func (s *Service) writeNumber(ctx context.Context, tx *sql.Tx, id int64, c *numberChange) error {
	if c.set == "" {
		destroyed, err := s.destroyNumber(ctx, tx, id, c.reason)
		if err != nil || !destroyed {
			return err
		}
		return s.numberAudit.Run(ctx, tx, NumberEvent{Application: id, Destroyed: c.reason})
	}
	if err := s.storeNumber(ctx, tx, id, c); err != nil {
		return err
	}
	return s.numberAudit.Run(ctx, tx, NumberEvent{Application: id})
}

func (s *Service) storeNumber(ctx context.Context, tx *sql.Tx, id int64, c *numberChange) error {
	sealed, err := s.vault.SealRecord(ctx, tx, numberRecord(id), []byte(c.set))
	if err != nil {
		return fmt.Errorf("seal number: %w", err)
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO intake_numbers (application_id, number, source, recorded_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (application_id) DO UPDATE SET number = excluded.number, source = excluded.source, recorded_at = excluded.recorded_at`,
		id, sealed, c.source, s.stamp())
	if err != nil {
		return fmt.Errorf("store number: %w", err)
	}
	return nil
}

// destroyNumber shreds the number's key and deletes its row, leaving a
// deletion row. It reports false when there was no number.
func (s *Service) destroyNumber(ctx context.Context, tx *sql.Tx, id int64, reason string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM intake_numbers WHERE application_id = ?`, id)
	if err != nil {
		return false, fmt.Errorf("delete number: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if _, err := s.vault.Shred(ctx, tx, numberRecord(id)); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO intake_number_deletions (application_id, destroyed_at, reason) VALUES (?, ?, ?)`, id, s.stamp(), reason)
	if err != nil {
		return false, fmt.Errorf("record deletion of number: %w", err)
	}
	return true, nil
}

// numberView reads what may be shown of application id's number: masked
// while it exists, when and why once destroyed, nil when never recorded.
func (s *Service) numberView(ctx context.Context, q querier, id int64) (*NumberView, error) {
	v := &NumberView{}
	var sealed []byte
	err := q.QueryRowContext(ctx, `SELECT number, source, recorded_at FROM intake_numbers WHERE application_id = ?`, id).
		Scan(&sealed, &v.Source, &v.RecordedAt)
	if err == nil {
		digits, err := s.vault.OpenRecord(ctx, q, numberRecord(id), sealed)
		if err != nil {
			return nil, fmt.Errorf("open number: %w", err)
		}
		v.Masked = mynumber.Mask(string(digits))
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read number: %w", err)
	}
	err = q.QueryRowContext(ctx,
		`SELECT destroyed_at, reason FROM intake_number_deletions WHERE application_id = ? ORDER BY destroyed_at DESC LIMIT 1`, id).
		Scan(&v.DestroyedAt, &v.Destroyed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read number deletion: %w", err)
	}
	return v, nil
}

// RevealNumber returns the digits of application id's number. The caller
// (the desk) allows it to counter staff only. rec records the reveal in the
// transaction that reads the number, and the digits are returned only once
// it has committed: a reveal that cannot be recorded reveals nothing.
func (s *Service) RevealNumber(ctx context.Context, id int64, rec audit.Hook[int64]) (string, error) {
	var digits []byte
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil { // rec keys its entry with the data key
			return err
		}
		var sealed []byte
		err := tx.QueryRowContext(ctx, `SELECT number FROM intake_numbers WHERE application_id = ?`, id).Scan(&sealed)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.New("intake.number.error.none", nil)
		}
		if err != nil {
			return err
		}
		if digits, err = s.vault.OpenRecord(ctx, tx, numberRecord(id), sealed); err != nil {
			return err
		}
		return rec.Run(ctx, tx, id)
	})
	if err != nil {
		clear(digits)
		return "", wrapTech(err, "reveal number of %d", id)
	}
	return string(digits), nil
}

// NumberRetentionDays is how many days after the handover numbers are kept.
func (s *Service) NumberRetentionDays(ctx context.Context) (int, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM intake_settings WHERE name = ?`, settingNumberRetention).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultNumberRetentionDays, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read number retention: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("read number retention %q: %w", v, err)
	}
	return n, nil
}

// SetNumberRetentionDays sets the retention period, 0 to MaxNumberRetentionDays.
func (s *Service) SetNumberRetentionDays(ctx context.Context, days int) (int, error) {
	if days < 0 || days > MaxNumberRetentionDays {
		return 0, problem.OnField("retentionDays", "intake.number.retention.error.range", map[string]any{"Max": MaxNumberRetentionDays})
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO intake_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
		settingNumberRetention, strconv.Itoa(days))
	if err != nil {
		return 0, fmt.Errorf("set number retention: %w", err)
	}
	return days, nil
}

// DestroyExpiredNumbers destroys the number of every application whose
// card was handed over more than the retention period ago, and of every draft
// left unchanged for longer than that, and at least a day (an application abandoned before it was
// submitted has no task left for the number: facts.md, "Data protection").
// Each goes in its own transaction with rec (the desk's audit record, given
// the reason) in it, so that a number is never gone without its deletion
// record; the transaction locks the application and checks again that its
// number is due, so a desk that changed the draft since the list was read
// keeps it. It then truncates the WAL so no old page holds the shredded keys,
// and returns the applications. A submitted application waiting for its
// card keeps its number.
func (s *Service) DestroyExpiredNumbers(ctx context.Context, rec audit.Hook[NumberEvent]) ([]int64, error) {
	days, err := s.NumberRetentionDays(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := s.now().UTC().Add(-time.Duration(days) * 24 * time.Hour).Format(timeFormat)
	// A draft is abandoned after the same period, but never within a day: with a retention of 0 an application
	// being typed at the counter would otherwise lose its number at the next hourly run.
	draftCutoff := s.now().UTC().Add(-time.Duration(max(days, 1)) * 24 * time.Hour).Format(timeFormat)
	rows, err := s.db.QueryContext(ctx,
		`SELECT n.application_id FROM intake_numbers n JOIN intake_handovers h ON h.application_id = n.application_id
		 WHERE h.handed_at <= ?
		 UNION ALL
		 SELECT n.application_id FROM intake_numbers n JOIN intake_applications a ON a.id = n.application_id
		 WHERE a.status = 'draft' AND a.updated_at <= ?
		 ORDER BY 1`, cutoff, draftCutoff)
	if err != nil {
		return nil, fmt.Errorf("find expired numbers: %w", err)
	}
	var due []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find expired numbers: %w", err)
		}
		due = append(due, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find expired numbers: %w", err)
	}
	var done []int64
	for _, id := range due {
		destroyed := false
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.vault.Hold(ctx, tx); err != nil { // rec keys its entry with the data key
				return err
			}
			reason, err := s.numberDue(ctx, tx, id, cutoff, draftCutoff)
			if err != nil || reason == "" {
				return err
			}
			if destroyed, err = s.destroyNumber(ctx, tx, id, reason); err != nil || !destroyed {
				return err
			}
			return rec.Run(ctx, tx, NumberEvent{Application: id, Destroyed: reason})
		})
		if err != nil {
			return done, fmt.Errorf("destroy number of application %d: %w", id, err)
		}
		if destroyed {
			done = append(done, id)
		}
	}
	if len(done) > 0 {
		if err := s.db.Checkpoint(ctx); err != nil {
			return done, err
		}
	}
	return done, nil
}

// numberDue locks application id (forUpdate: a desk changing it waits, or
// has committed) and says why its number is due for destruction now: its
// card was handed over at cutoff or before (DestroyedRetention), or it is a
// draft left unchanged since draftCutoff (DestroyedAbandoned); "" when it is
// not, or no longer, due.
func (s *Service) numberDue(ctx context.Context, tx *sql.Tx, id int64, cutoff, draftCutoff string) (string, error) {
	var status, updatedAt string
	err := tx.QueryRowContext(ctx, `SELECT status, updated_at FROM intake_applications WHERE id = ?`+forUpdate(s.db), id).
		Scan(&status, &updatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read application: %w", err)
	}
	var handedAt string
	err = tx.QueryRowContext(ctx, `SELECT handed_at FROM intake_handovers WHERE application_id = ?`, id).Scan(&handedAt)
	switch {
	case err == nil && handedAt <= cutoff:
		return DestroyedRetention, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("read handover: %w", err)
	case status == StatusDraft && updatedAt <= draftCutoff:
		return DestroyedAbandoned, nil
	}
	return "", nil
}

// StepNumber is the step that asks for the Individual Number; the desk lets
// only counter staff save it.
const StepNumber = "number"

// SetNumberFromCard records the number read from the applicant's own card
// (the desk has checked that the chip's four basic items are this
// application's) on a draft whose number question may be answered, and
// moves on as a saved number step does.
func (s *Service) SetNumberFromCard(ctx context.Context, id int64, number string) (*Application, error) {
	if !mynumber.CheckDigitOK(number) {
		return nil, problem.New("intake.number.error.cardNumber", nil)
	}
	app, err := s.change(ctx, id, func(r Rules, rec *record) error {
		if rec.status != StatusDraft {
			return errAlreadySubmitted()
		}
		if !r.RecordsNumber || !reachable(r, stepNumber, rec.answers) {
			return errStepNotAvailable()
		}
		merge(rec.answers, stepNumber, Answers{fieldRecordNumber: "yes", fieldNumberRecorded: "yes"})
		rec.number = &numberChange{set: number, source: NumberCard}
		rec.step = nextStep(r, rec.answers)
		return nil
	})
	if err != nil {
		return nil, wrapTech(err, "record number from card")
	}
	return app, nil
}
