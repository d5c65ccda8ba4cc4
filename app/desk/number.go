package desk

import (
	"context"
	"database/sql"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/intake"
)

// The audit record type of the Individual Number: its record ID is the
// application's.
const numberRecord = "individualNumber"

// saveNumberStep saves the number question, which only counter staff may
// answer, and records what happened to the number itself.
func (d *Desk) saveNumberStep(u *auth.User, id int64, answers intake.Answers) (*intake.Application, error) {
	if u.Role != auth.Counter {
		return nil, errForbidden
	}
	before, err := d.Intake.Get(d.ctx, id)
	if err != nil {
		return nil, d.fail("save number", err)
	}
	a, err := d.intakeFor(u).At(d.shownVersion(id)).Save(d.ctx, id, intake.StepNumber, answers)
	if err != nil {
		return nil, d.fail("save number", err)
	}
	entry := audit.Entry{UserID: u.ID, Role: string(u.Role), RecordType: numberRecord, RecordID: id}
	switch had, has := before.Number != nil && before.Number.Masked != "", a.Number != nil && a.Number.Masked != ""; {
	case has && (!had || a.Number.RecordedAt != before.Number.RecordedAt):
		entry.Action = audit.Create
		d.record(entry)
	case had && !has:
		entry.Action, entry.Reason = audit.Delete, intake.DestroyedWithdrawn
		d.record(entry)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "application", RecordID: id})
	return d.onScreen(a), nil
}

// RevealNumber shows the Individual Number of an application to the counter
// clerk who asks; every reveal is recorded.
func (d *Desk) RevealNumber(id int64) (string, error) {
	u, err := d.allow("RevealNumber")
	if err != nil {
		return "", err
	}
	n, err := d.Intake.RevealNumber(d.ctx, id)
	if err != nil {
		return "", d.fail("reveal number", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Read, RecordType: numberRecord, RecordID: id})
	return n, nil
}

// NumberRetentionDays is how long numbers are kept after the handover.
func (d *Desk) NumberRetentionDays() (int, error) {
	if _, err := d.allow("NumberRetentionDays"); err != nil {
		return 0, err
	}
	n, err := d.Intake.NumberRetentionDays(d.ctx)
	if err != nil {
		return 0, d.fail("number retention", err)
	}
	return n, nil
}

// SetNumberRetentionDays sets how long numbers are kept after the handover.
func (d *Desk) SetNumberRetentionDays(days int) (int, error) {
	u, err := d.allow("SetNumberRetentionDays")
	if err != nil {
		return 0, err
	}
	n, err := d.Intake.SetNumberRetentionDays(d.ctx, days)
	if err != nil {
		return 0, d.fail("set number retention", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "numberRetention"})
	return n, nil
}

// destroyExpiredNumbers destroys every number whose retention has ended,
// each with its deletion record in the same transaction. It does nothing
// while the data is locked.
func (d *Desk) destroyExpiredNumbers(ctx context.Context) {
	if d.Intake == nil || d.Audit == nil || d.protection() != protectionOpen {
		return
	}
	ids, err := d.Intake.DestroyExpiredNumbers(ctx, NumberDeletionRecord(d.Audit))
	if err != nil {
		d.Log.Error("destroy expired numbers", "err", err)
	}
	if len(ids) > 0 {
		d.Log.Info("destroyed Individual Numbers whose retention ended", "count", len(ids))
	}
}

// NumberDeletionRecord appends the deletion record of an Individual Number
// destroyed at the end of its retention, in the destroying transaction.
func NumberDeletionRecord(log *audit.Log) func(ctx context.Context, tx *sql.Tx, id int64) error {
	return func(ctx context.Context, tx *sql.Tx, id int64) error {
		_, err := log.Append(ctx, tx, audit.Entry{Action: audit.Delete, RecordType: numberRecord, RecordID: id, Reason: intake.DestroyedRetention})
		return err
	}
}

// retentionEvery is how often a running desk looks for numbers to destroy.
const retentionEvery = time.Hour

// keepRetention destroys expired numbers at start and then every hour.
func (d *Desk) keepRetention(ctx context.Context) {
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		d.destroyExpiredNumbers(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
