package desk

import (
	"context"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/card"
	"madoguchi/app/intake"
	"madoguchi/app/mynumber"
	"madoguchi/app/problem"
)

// The audit record type of the Individual Number: its record ID is the
// application's.
const numberRecord = "individualNumber"

// saveNumberStep saves the number question, which only counter staff may
// answer. The number recorded or withdrawn is audited in the saving
// transaction (intakeFor gives the service the hook): no record, no change.
func (d *Desk) saveNumberStep(u *auth.User, id int64, answers intake.Answers) (*intake.Application, error) {
	if u.Role != auth.Counter {
		return nil, errForbidden
	}
	a, err := d.intakeFor(u).At(d.shownVersion(id)).Save(d.ctx, id, intake.StepNumber, answers)
	if err != nil {
		return nil, d.fail("save number", err)
	}
	d.record(entryBy(u, audit.Change, recordApplication, id))
	return d.onScreen(a), nil
}

// numberEntry is the audit entry of a number recorded (create) or
// destroyed (delete, the reason saying why); by is nil for the retention
// run, which no one signed in does.
func numberEntry(by *auth.User, e intake.NumberEvent) audit.Entry {
	entry := audit.Entry{Action: audit.Create, RecordType: numberRecord, RecordID: e.Application}
	if e.Destroyed != "" {
		entry.Action, entry.Reason = audit.Delete, e.Destroyed
	}
	if by != nil {
		entry.UserID, entry.Role = by.ID, string(by.Role)
	}
	return entry
}

// numberRecorded is the hook that audits, in their transaction, the numbers
// u records or withdraws.
func (d *Desk) numberRecorded(u *auth.User) audit.Hook[intake.NumberEvent] {
	return audit.Entries(d.Audit, func(e intake.NumberEvent) []audit.Entry {
		return []audit.Entry{numberEntry(u, e)}
	})
}

// RevealNumber shows the Individual Number of an application, grouped as the card prints it, to the counter
// clerk who asks. The reveal is recorded in the transaction that reads the number, and nothing is shown
// unless that record was written.
func (d *Desk) RevealNumber(id int64) (string, error) {
	u, err := d.allow("RevealNumber")
	if err != nil {
		return "", err
	}
	n, err := d.Intake.RevealNumber(d.ctx, id, d.recorded(func(id int64) []audit.Entry {
		return []audit.Entry{entryBy(u, audit.Read, numberRecord, id)}
	}))
	if err != nil {
		return "", d.fail("reveal number", err)
	}
	return mynumber.Group(n), nil
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
// destroyed at the end of its retention (or of an abandoned draft's), in the
// destroying transaction.
func NumberDeletionRecord(log *audit.Log) audit.Hook[intake.NumberEvent] {
	return audit.Entries(log, func(e intake.NumberEvent) []audit.Entry {
		return []audit.Entry{numberEntry(nil, e)}
	})
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

// ReadNumberFromCard reads the Individual Number from the applicant's card
// with its card-info input support PIN (the card package never sends a PIN
// on the last try without confirmLastTry) and records it on the draft. The
// chip's four basic items must all be this application's: a family
// member's card must never lend its number to the applicant (2023 lessons).
func (d *Desk) ReadNumberFromCard(applicationID int64, reader, pin string, confirmLastTry bool) (*intake.Application, error) {
	u, err := d.allow("ReadNumberFromCard")
	if err != nil {
		return nil, err
	}
	svc := d.intakeFor(u).At(d.shownVersion(applicationID))
	app, err := svc.Get(d.ctx, applicationID)
	if err != nil {
		return nil, d.fail("get application", err)
	}
	if app.Status != intake.StatusDraft {
		return nil, problem.New("intake.error.alreadySubmitted", nil)
	}
	p := card.NewPIN(pin)
	defer p.Wipe()
	info, err := d.readCardNumber(reader, p, confirmLastTry)
	if err != nil {
		return nil, err
	}
	// The chip's personal data was read: recorded before anything is
	// compared or kept. The number is then recorded with its own entry, in
	// the transaction that stores it (intakeFor's hook).
	if err := d.recordFirst("read number from card", entryBy(u, audit.Read, recordApplication, applicationID)); err != nil {
		return nil, err
	}
	if check := compareWithRecord(app, info); !check.AllMatch {
		return nil, problem.New("desk.error.numberCardDiffers", nil)
	}
	a, err := svc.SetNumberFromCard(d.ctx, applicationID, info.Number)
	if err != nil {
		return nil, d.fail("record number from card", err)
	}
	return d.onScreen(a), nil
}

func (d *Desk) readCardNumber(reader string, p card.PIN, confirmLastTry bool) (*card.BasicInfo, error) {
	d.cardMu.Lock()
	defer d.cardMu.Unlock()
	s, err := d.OpenCard(d.ctx, reader)
	if err != nil {
		return nil, d.cardFail("open card", err)
	}
	defer s.Close()
	d.progress(reader, 0, 2)
	if _, err := s.Status(d.ctx); err != nil {
		return nil, d.cardFail("card status", err)
	}
	d.progress(reader, 1, 2)
	info, err := s.ReadBasic(d.ctx, p, card.ReadOptions{WithNumber: true, ConfirmedLastTry: confirmLastTry})
	if err != nil {
		return nil, d.cardFail("read number", err)
	}
	d.progress(reader, 2, 2)
	return info, nil
}
