package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"madoguchi/app/audit"
	"madoguchi/app/freetext"
	"madoguchi/app/problem"
)

// Handover records that the card was given to the applicant.
type Handover struct {
	At         string   `json:"at"`
	By         int64    `json:"by"`
	Matched    bool     `json:"matched"`             // the chip's four basic items equalled the record
	Differing  []string `json:"differing,omitempty"` // items that differed, when a supervisor overrode
	OverrideBy int64    `json:"overrideBy,omitempty"`
	Reason     string   `json:"reason,omitempty"`
}

// HandoverInput is what the desk knows when the card is handed over:
// who, which items differed on the chip, and the override if any.
type HandoverInput struct {
	By        int64
	Differing []string
	Override  *Override
}

// Override is a supervisor's decision to hand over despite differences.
type Override struct {
	By     int64
	Reason string
}

// MinReasonRunes keeps an override reason from being a token ("ok").
const MinReasonRunes = 10

// RecordHandover marks a ready application's card as handed over. When the
// chip differed from the record, an override with a reason is required; the
// desk checks that whoever gives it is a supervisor. Through At(version) it
// refuses (intake.error.conflict) an application changed since the version
// the card was checked against. audited records the handover (and the
// override) in the same transaction: a handover that cannot be recorded is
// not made.
func (s *Service) RecordHandover(ctx context.Context, id int64, in HandoverInput, audited audit.Hook[int64]) (*Application, error) {
	var app *Application
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil { // the reason is sealed
			return err
		}
		rec, err := s.load(ctx, tx, id, true) // a second desk waits, then finds the handover
		if err != nil {
			return err
		}
		if s.version > 0 && s.version != rec.version {
			return errConflict()
		}
		if rec.status != StatusReady {
			return problem.New("intake.handover.error.notReady", nil)
		}
		if h, err := s.handover(ctx, tx, id); err != nil {
			return err
		} else if h != nil {
			return problem.New("intake.handover.error.already", nil)
		}
		if err := s.insertHandover(ctx, tx, id, in); err != nil {
			return err
		}
		app = s.application(rec)
		if app.HandedOver, err = s.handover(ctx, tx, id); err != nil {
			return err
		}
		return audited.Run(ctx, tx, id)
	})
	if err != nil {
		return nil, wrapTech(err, "record handover of application %d", id)
	}
	return app, nil
}

func (s *Service) insertHandover(ctx context.Context, tx *sql.Tx, id int64, in HandoverInput) error {
	matched := len(in.Differing) == 0
	var overrideBy any
	var reason []byte
	if !matched {
		if in.Override == nil {
			return problem.New("intake.handover.error.differs", nil)
		}
		// The reason is read back by supervisors and exported with the
		// audit trail: several lines of the shared rule, nothing hidden.
		r, fault := freetext.Clean(in.Override.Reason, freetext.Lines)
		if utf8.RuneCountInString(r) < MinReasonRunes {
			return problem.OnField("reason", "intake.handover.reason.error.tooShort", map[string]any{"Min": MinReasonRunes})
		}
		if p := fault.Problem("reason"); p != nil {
			return p
		}
		sealed, err := s.vault.Seal([]byte(r))
		if err != nil {
			return fmt.Errorf("seal override reason: %w", err)
		}
		overrideBy, reason = in.Override.By, sealed
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO intake_handovers (application_id, handed_at, handed_by, matched, differing, override_by, reason)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, s.stamp(), in.By, matched, strings.Join(in.Differing, ","), overrideBy, reason)
	return err
}

// handover reads the handover of application id, or nil if there is none.
func (s *Service) handover(ctx context.Context, q querier, id int64) (*Handover, error) {
	h := &Handover{}
	var differing string
	var overrideBy sql.NullInt64
	var reason []byte
	err := q.QueryRowContext(ctx,
		`SELECT handed_at, handed_by, matched, differing, override_by, reason FROM intake_handovers WHERE application_id = ?`, id).
		Scan(&h.At, &h.By, &h.Matched, &differing, &overrideBy, &reason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read handover: %w", err)
	}
	if differing != "" {
		h.Differing = strings.Split(differing, ",")
	}
	h.OverrideBy = overrideBy.Int64
	if reason != nil {
		plain, err := s.vault.Open(reason)
		if err != nil {
			return nil, fmt.Errorf("read handover reason: %w", err)
		}
		h.Reason = string(plain)
	}
	return h, nil
}
