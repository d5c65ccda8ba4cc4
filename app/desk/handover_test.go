package desk

import (
	"context"
	"slices"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/card"
	"madoguchi/app/card/virtual"
	"madoguchi/app/store"
)

// testReader is the one reader of these tests.
const testReader = "Virtual PCD 00 00"

// virtualSession speaks to a virtual card in process through app/card's own
// protocol code (ReadStatus, ReadBasic), as *card.Session does through
// PC/SC: the real card stack without pcscd.
type virtualSession struct{ c *virtual.Card }

func (v virtualSession) transport() card.Transport {
	return card.TransportFunc(func(_ context.Context, apdu []byte) ([]byte, error) { return v.c.Transmit(apdu), nil })
}

func (v virtualSession) Status(ctx context.Context) (*card.Status, error) {
	return card.ReadStatus(ctx, v.transport())
}

func (v virtualSession) ReadBasic(ctx context.Context, pin card.PIN, opts card.ReadOptions) (*card.BasicInfo, error) {
	return card.ReadBasic(ctx, v.transport(), pin, opts)
}

func (virtualSession) Close() error { return nil }

// cardSlot is the test's reader: the card on it, or none.
type cardSlot struct{ card *virtual.Card }

func (s *cardSlot) open(_ context.Context, reader string) (CardSession, error) {
	if reader != testReader || s.card == nil {
		return nil, card.ErrNoCard
	}
	return virtualSession{s.card}, nil
}

// put lays c on the reader, as the card monitor reports it to the desk.
func (s *cardSlot) put(d *Desk, c *virtual.Card) {
	s.card = c
	d.cardEvent(card.Event{Reader: testReader, Kind: card.CardInserted})
}

// yamada is the card of readyWithNumber's applicant; edit makes it differ.
func yamada(t *testing.T, edit func(*virtual.Persona)) *virtual.Card {
	t.Helper()
	p := virtual.DefaultPersona()
	p.Name, p.Address, p.BirthDate, p.Sex, p.Number = "山田 太郎", "東京都新宿区西新宿二丁目8番1号", "1980-04-12", "1", "123456789018"
	if edit != nil {
		edit(&p)
	}
	c, err := virtual.New(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const cardPIN = "1234" // virtual.DefaultPersona's card-info PIN

// TestHandoverDecision checks a ready application's card on the reader and
// hands it over, or not: the decision of CheckHandover and
// CompleteHandover, with the virtual card speaking the real protocol.
func TestHandoverDecision(t *testing.T) {
	d, c, db := newDeskDB(t)
	slot := &cardSlot{}
	d.OpenCard = slot.open
	withUsers(t, d)
	same := yamada(t, nil)
	moved := yamada(t, func(p *virtual.Persona) { p.Address = "大阪府大阪市北区梅田一丁目1番1号" })
	supervisor := accountID(t, d, "supervisor1")
	reason := "転居届の受理を住民票の写しで確認した"

	cases := []struct {
		name     string
		card     *virtual.Card
		between  func(t *testing.T, id int64) // after the check, before the handover
		override *SupervisorOverride
		want     string         // problem of CompleteHandover; "" when handed over
		recorded []audit.Action // after the check's read, on the application
		refused  []audit.Action // what a refusal still records (a wrong password), oldest first
	}{
		{name: "all four items match", card: same, recorded: []audit.Action{audit.Handover}},
		{name: "a difference without a supervisor is refused", card: moved, want: "intake.handover.error.differs"},
		{
			name: "a difference overridden by counter staff is refused", card: moved,
			override: &SupervisorOverride{Username: "counter1", Password: pw, Reason: reason},
			want:     "desk.handover.error.notSupervisor",
		},
		{
			name: "a difference overridden with a wrong password is refused", card: moved,
			override: &SupervisorOverride{Username: "supervisor1", Password: "not the password at all", Reason: reason},
			want:     "auth.signin.error.invalid",
			refused:  []audit.Action{audit.SignInFailed}, // guessing a supervisor's password is recorded
		},
		{
			name: "a supervisor's override needs a reason", card: moved,
			override: &SupervisorOverride{Username: "supervisor1", Password: pw, Reason: "ok"},
			want:     "intake.handover.reason.error.tooShort",
		},
		{
			name: "a supervisor's override with a reason is recorded", card: moved,
			override: &SupervisorOverride{Username: "supervisor1", Password: pw, Reason: reason},
			recorded: []audit.Action{audit.Handover, audit.Override},
		},
		{
			name: "a card put on the reader after the check is not the card checked", card: same,
			between: func(*testing.T, int64) { slot.put(d, moved) },
			want:    "desk.handover.error.checkFirst",
		},
		{
			name: "the application changed since the check", card: same,
			between: func(t *testing.T, id int64) { bumpVersion(t, db, id) },
			want:    "intake.error.conflict",
		},
		{
			name: "a check older than ten minutes", card: same,
			between: func(t *testing.T, _ int64) {
				for range 3 { // a busy clerk: the desk never idles long enough to lock
					c.t = c.t.Add(4 * time.Minute)
					if err := d.Touch(); err != nil {
						t.Fatal(err)
					}
				}
			},
			want: "desk.handover.error.checkFirst",
		},
		{
			name: "another check replaces the first", card: same,
			between: func(t *testing.T, id int64) {
				slot.card = moved // swapped between two reads, no insert seen
				if _, err := d.CheckHandover(id, testReader, cardPIN, false); err != nil {
					t.Fatal(err)
				}
			},
			want: "intake.handover.error.differs",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := readyWithNumber(t, d) // signs counter1 in
			slot.put(d, tc.card)
			check, err := d.CheckHandover(id, testReader, cardPIN, false)
			if err != nil {
				t.Fatal(err)
			}
			if check.AllMatch != (tc.card == same) || check.NumberMasked != "•••• •••• 9018" || !check.NumberCheckDigitOK {
				t.Fatalf("check %+v", check)
			}
			if tc.between != nil {
				tc.between(t, id)
			}
			seen := auditCount(t, d)
			app, err := d.CompleteHandover(id, tc.override)
			if got := problemID(err); got != tc.want {
				t.Fatalf("CompleteHandover: %q, want %q", got, tc.want)
			}
			if tc.want != "" {
				if a, err := d.Intake.Get(context.Background(), id); err != nil || a.HandedOver != nil {
					t.Errorf("refused, yet handed over: %+v, %v", a, err)
				}
				if got := newestActions(t, d, auditCount(t, d)-seen); !slices.Equal(got, tc.refused) {
					t.Errorf("a refused handover wrote %v to the audit trail, want %v", got, tc.refused)
				}
				return
			}
			h := app.HandedOver
			if h == nil || h.Matched != (tc.override == nil) || (tc.override != nil && (h.OverrideBy != supervisor || h.Reason != reason)) {
				t.Errorf("handover %+v", h)
			}
			if got := handoverAudit(t, d, id); !slices.Equal(got, tc.recorded) {
				t.Errorf("recorded %v, want %v", got, tc.recorded)
			}
		})
	}
}

// bumpVersion changes the application as another desk's write would.
func bumpVersion(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), `UPDATE intake_applications SET version = version + 1 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
}

// handoverAudit is what was recorded on application id since its check
// (the last read of the card), and each override's entry is checked to be
// the supervisor's own, with the reason.
func handoverAudit(t *testing.T, d *Desk, id int64) []audit.Action {
	t.Helper()
	entries, err := d.Audit.Query(context.Background(), audit.Filter{RecordType: recordApplication, RecordID: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Action
	for _, e := range entries {
		switch e.Action {
		case audit.Read:
			out = nil // the check: what follows is the handover's
		case audit.Handover:
			if e.Role != string(auth.Counter) {
				t.Errorf("handover recorded as %s", e.Role)
			}
			out = append(out, e.Action)
		case audit.Override:
			if e.Role != string(auth.Supervisor) || e.Reason == "" {
				t.Errorf("override recorded as %s with reason %q", e.Role, e.Reason)
			}
			out = append(out, e.Action)
		}
	}
	return out
}

// TestHandoverFailsClosed: with no audit trail, the card's data is not
// shown (CheckHandover) and the card is not handed over, override or not.
func TestHandoverFailsClosed(t *testing.T) {
	d, _, db := newDeskDB(t)
	slot := &cardSlot{}
	d.OpenCard = slot.open
	withUsers(t, d)
	for _, tc := range []struct {
		name     string
		card     *virtual.Card
		override *SupervisorOverride
	}{
		{"matched", yamada(t, nil), nil},
		{"overridden", yamada(t, func(p *virtual.Persona) { p.Sex = "2" }),
			&SupervisorOverride{Username: "supervisor1", Password: pw, Reason: "性別の記載誤りを戸籍で確認した"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := readyWithNumber(t, d)
			slot.put(d, tc.card)
			restore := auditFails(t, db)
			check, err := d.CheckHandover(id, testReader, cardPIN, false)
			restore()
			if problemID(err) != "audit.error.notRecorded" || check != nil {
				t.Fatalf("check with no audit trail: %+v, %v", check, err)
			}
			if _, err := d.CompleteHandover(id, tc.override); problemID(err) != "desk.handover.error.checkFirst" {
				t.Fatalf("an unrecorded check was kept: %v", err)
			}
			if _, err := d.CheckHandover(id, testReader, cardPIN, false); err != nil {
				t.Fatal(err)
			}
			restore = auditFails(t, db)
			app, err := d.CompleteHandover(id, tc.override)
			restore()
			if problemID(err) != "audit.error.notRecorded" || app != nil {
				t.Fatalf("handover with no audit trail: %+v, %v", app, err)
			}
			if a, err := d.Intake.Get(context.Background(), id); err != nil || a.HandedOver != nil {
				t.Errorf("an unrecorded handover stands: %+v, %v", a.HandedOver, err)
			}
			if _, err := d.CompleteHandover(id, tc.override); err != nil {
				t.Errorf("handover once the trail is back: %v", err)
			}
		})
	}
}

// TestNumberFromCardFailsClosed: with no audit trail, the number read from
// the applicant's card is not stored; once the trail is back it is, with
// the read and the number recorded.
func TestNumberFromCardFailsClosed(t *testing.T) {
	d, _, db := newDeskDB(t)
	slot := &cardSlot{}
	d.OpenCard = slot.open
	withUsers(t, d)
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	id := draftAtNumber(t, d)
	slot.put(d, yamada(t, func(p *virtual.Persona) { p.Name, p.BirthDate = "山田 花子", "1985-04-12" }))
	restore := auditFails(t, db)
	app, err := d.ReadNumberFromCard(id, testReader, cardPIN, false)
	restore()
	if problemID(err) != "audit.error.notRecorded" || app != nil {
		t.Fatalf("number from the card with no audit trail: %+v, %v", app, err)
	}
	if a, err := d.GetApplication(id); err != nil || a.Number != nil {
		t.Fatalf("an unrecorded number was stored: %+v, %v", a.Number, err)
	}
	if app, err = d.ReadNumberFromCard(id, testReader, cardPIN, false); err != nil || app.Number == nil || app.Number.Source != "card" {
		t.Fatalf("number from the card: %+v, %v", app, err)
	}
	if got, want := auditOf(t, d, id), []audit.Action{audit.Create}; !slices.Equal(got, want) {
		t.Errorf("number audit %v, want %v", got, want)
	}
}

// newestActions are the actions of the n newest audit entries, oldest first.
func newestActions(t *testing.T, d *Desk, n int) []audit.Action {
	t.Helper()
	entries, err := d.Audit.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Action
	for _, e := range entries[len(entries)-n:] {
		out = append(out, e.Action)
	}
	return out
}
