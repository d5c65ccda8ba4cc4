package desk

import (
	"context"
	"errors"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/card"
	"madoguchi/app/freetext"
	"madoguchi/app/intake"
	"madoguchi/app/mynumber"
	"madoguchi/app/people"
	"madoguchi/app/problem"
)

// Reader is one card reader and whether a card is on it.
type Reader struct {
	Name        string `json:"name"`
	CardPresent bool   `json:"cardPresent"`
}

// PinTries are the tries left on each PIN, from empty VERIFYs.
type PinTries struct {
	CardInfo  int `json:"cardInfo"`
	Auth      int `json:"auth"`
	Signature int `json:"signature"`
}

// CardStatus is what the card says without a PIN.
type CardStatus struct {
	Reader            string   `json:"reader"`
	MyNumberCard      bool     `json:"myNumberCard"`
	Token             string   `json:"token"`
	Tries             PinTries `json:"tries"`
	CertificateExpiry string   `json:"certificateExpiry"`
}

// ItemComparison is one of the four basic items, chip against record.
type ItemComparison struct {
	Item   string `json:"item"`
	Same   bool   `json:"same"`
	Card   string `json:"card"`
	Record string `json:"record"`
}

// CardValidity is when the card and its certificate expire.
type CardValidity struct {
	CardExpiry        string `json:"cardExpiry"`
	CertificateExpiry string `json:"certificateExpiry"`
	RenewBy           string `json:"renewBy"`
	ReasonID          string `json:"reasonId"`
}

// HandoverCheck is the chip compared with the application.
type HandoverCheck struct {
	ApplicationID      int64            `json:"applicationId"`
	Items              []ItemComparison `json:"items"`
	AllMatch           bool             `json:"allMatch"`
	ChipData           string           `json:"chipData"`
	ChipDataReasonID   string           `json:"chipDataReasonId"`
	NumberMasked       string           `json:"numberMasked"`
	NumberCheckDigitOK bool             `json:"numberCheckDigitOK"`
	Validity           *CardValidity    `json:"validity"`
}

// SupervisorOverride is a supervisor's decision, taken at this desk with
// the supervisor's own credentials, to hand over a card that differs.
type SupervisorOverride struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Reason   string `json:"reason"`
}

// checked is what this desk remembers of a handover check until the card is
// handed over or the next applicant comes: which items differed, and what
// makes the check stale. Nothing read from the chip is kept.
type checked struct {
	differing []string
	at        time.Time
	// reader is where the card was read: a card put on it afterwards may
	// be another card, so the check no longer holds (cardEvent).
	reader string
	// version is the application's version the chip was compared with: a
	// handover of a changed application is refused (intake.error.conflict).
	version int64
}

// CardSession is what the desk needs of the card on a reader: its status
// without a PIN, the four basic items with the card-info input support PIN,
// and closing. *card.Session is one; tests give one speaking to a virtual
// card in process, through the same protocol code (app/card).
type CardSession interface {
	Status(ctx context.Context) (*card.Status, error)
	ReadBasic(ctx context.Context, pin card.PIN, opts card.ReadOptions) (*card.BasicInfo, error)
	Close() error
}

// openPCSC opens the card on a PC/SC reader: the desk's OpenCard unless
// Deps says otherwise.
func openPCSC(ctx context.Context, reader string) (CardSession, error) {
	s, err := card.Open(ctx, reader)
	if err != nil {
		return nil, err // not a nil *card.Session in a non-nil interface
	}
	return s, nil
}

// checkValidFor bounds how old a check may be when the card is handed over:
// the card in the hand must be the card that was read.
const checkValidFor = 10 * time.Minute

// ListReaders lists the card readers and whether a card is on each.
func (d *Desk) ListReaders() ([]Reader, error) {
	if _, err := d.allow("ListReaders"); err != nil {
		return nil, err
	}
	names, err := card.Readers(d.ctx)
	if err != nil {
		return nil, d.cardFail("list readers", err)
	}
	out := []Reader{}
	for _, n := range names {
		d.mu.Lock()
		present := d.present[n]
		d.mu.Unlock()
		out = append(out, Reader{Name: n, CardPresent: present})
	}
	return out, nil
}

// CardStatus reads what the card tells without any PIN: never spends a try.
func (d *Desk) CardStatus(reader string) (*CardStatus, error) {
	if _, err := d.allow("CardStatus"); err != nil {
		return nil, err
	}
	d.cardMu.Lock()
	defer d.cardMu.Unlock()
	s, err := d.OpenCard(d.ctx, reader)
	if errors.Is(err, card.ErrNotMyNumberCard) {
		return &CardStatus{Reader: reader}, nil
	}
	if err != nil {
		return nil, d.cardFail("open card", err)
	}
	defer s.Close()
	d.progress(reader, 0, 1)
	st, err := s.Status(d.ctx)
	d.progress(reader, 1, 1)
	if err != nil {
		return nil, d.cardFail("card status", err)
	}
	return statusView(reader, st), nil
}

func statusView(reader string, st *card.Status) *CardStatus {
	v := &CardStatus{
		Reader: reader, MyNumberCard: true, Token: string(st.Token),
		Tries: PinTries{CardInfo: st.CardInfoPIN.TriesLeft, Auth: st.AuthPIN.TriesLeft, Signature: st.SignaturePassword.TriesLeft},
	}
	if !st.CertExpiry.IsZero() {
		v.CertificateExpiry = st.CertExpiry.Format(time.DateOnly)
	}
	return v
}

// CheckHandover reads the chip's four basic items with the card-info input
// support PIN and compares them with the application. The PIN is used for
// this one read and forgotten; the card package refuses to send it when no
// try is left, or one is left and confirmLastTry is false.
func (d *Desk) CheckHandover(applicationID int64, reader, pin string, confirmLastTry bool) (*HandoverCheck, error) {
	u, err := d.allow("CheckHandover")
	if err != nil {
		return nil, err
	}
	app, err := d.handoverCandidate(applicationID)
	if err != nil {
		return nil, err
	}
	p := card.NewPIN(pin)
	defer p.Wipe()
	d.cardMu.Lock()
	defer d.cardMu.Unlock()
	s, err := d.OpenCard(d.ctx, reader)
	if err != nil {
		return nil, d.cardFail("open card", err)
	}
	defer s.Close()
	d.progress(reader, 0, 2)
	st, err := s.Status(d.ctx)
	if err != nil {
		return nil, d.cardFail("card status", err)
	}
	d.progress(reader, 1, 2)
	trust, err := LoadChipTrust(d.DataDir)
	if err != nil {
		d.Log.Error("chip trust", "err", err) // the check then says "not verified"
	}
	info, err := s.ReadBasic(d.ctx, p, card.ReadOptions{
		WithNumber:       u.Role == auth.Counter,
		ConfirmedLastTry: confirmLastTry,
		ChipTrust:        trust,
	})
	if err != nil {
		return nil, d.cardFail("read basic items", err)
	}
	d.progress(reader, 2, 2)
	// The chip's personal data (and, for the counter, the number) was read:
	// nothing of it is shown, and no check is kept for the handover, unless
	// the read is recorded.
	if err := d.recordFirst("check handover", entryBy(u, audit.Read, recordApplication, applicationID)); err != nil {
		return nil, err
	}
	check := compareWithRecord(app, info)
	check.Validity = d.validity(app, st)
	d.mu.Lock()
	if d.checks == nil {
		d.checks = map[int64]checked{}
	}
	// A new check replaces an earlier one of the application: the handover
	// follows the last card read.
	d.checks[applicationID] = checked{differing: differing(check.Items), at: d.Now(), reader: reader, version: app.Version}
	d.current = applicationID
	d.mu.Unlock()
	return check, nil
}

func (d *Desk) handoverCandidate(id int64) (*intake.Application, error) {
	app, err := d.Intake.Get(d.ctx, id)
	if err != nil {
		return nil, d.fail("get application", err)
	}
	if app.Status != intake.StatusReady {
		return nil, problem.New("intake.handover.error.notReady", nil)
	}
	if app.HandedOver != nil {
		return nil, problem.New("intake.handover.error.already", nil)
	}
	return app, nil
}

// compareWithRecord puts the chip and the record side by side. Values are
// shown as each side has them; "same" comes from the normalised comparison.
func compareWithRecord(app *intake.Application, info *card.BasicInfo) *HandoverCheck {
	a := app.Answers
	chip := people.Person{Name: info.Name, Address: info.Address, BirthDate: info.BirthDate, Sex: info.Sex}
	record := people.Person{Name: a["name"], Address: a["address"], BirthDate: a["birthDate"], Sex: a["sex"]}
	cmp := people.Compare(chip, record)
	shown := map[people.Item][2]string{
		people.ItemName:      {info.Name, a["name"]},
		people.ItemAddress:   {info.Address, a["address"]},
		people.ItemBirthDate: {info.BirthDate, a["birthDate"]},
		people.ItemSex:       {sexWord(info.Sex), a["sex"]},
	}
	check := &HandoverCheck{
		ApplicationID: app.ID, AllMatch: cmp.AllFourMatch(),
		ChipData: string(info.Chip.Result), ChipDataReasonID: info.Chip.Reason,
	}
	for _, r := range cmp.Items() {
		v := shown[r.Item]
		check.Items = append(check.Items, ItemComparison{Item: string(r.Item), Same: r.Same, Card: v[0], Record: v[1]})
	}
	if info.Number != "" {
		check.NumberMasked = mynumber.Mask(info.Number)
		check.NumberCheckDigitOK = mynumber.CheckDigitOK(info.Number)
	}
	return check
}

// sexWord turns the card's code into the word the application uses.
func sexWord(code string) string {
	if s, err := people.NormalizeSex(code); err == nil {
		return string(s)
	}
	return code
}

func differing(items []ItemComparison) []string {
	var out []string
	for _, it := range items {
		if !it.Same {
			out = append(out, it.Item)
		}
	}
	return out
}

// CompleteHandover records that the card was given to the applicant, after
// a CheckHandover on this desk. A card that differs from the record needs a
// supervisor's decision, taken with the supervisor's own password.
func (d *Desk) CompleteHandover(applicationID int64, override *SupervisorOverride) (*intake.Application, error) {
	u, err := d.allow("CompleteHandover")
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	chk, ok := d.checks[applicationID]
	d.mu.Unlock()
	if !ok || d.Now().Sub(chk.at) > checkValidFor {
		return nil, problem.New("desk.handover.error.checkFirst", nil)
	}
	in := intake.HandoverInput{By: u.ID, Differing: chk.differing}
	var sup *auth.User
	if len(chk.differing) > 0 {
		if sup, err = d.supervisorDecision(override); err != nil {
			return nil, err
		}
		in.Override = &intake.Override{By: sup.ID, Reason: override.Reason}
	}
	// The handover and the supervisor's override are recorded in the
	// handover's transaction: unrecorded, the card is not handed over.
	app, err := d.Intake.At(chk.version).RecordHandover(d.ctx, applicationID, in, d.recorded(func(id int64) []audit.Entry {
		entries := []audit.Entry{entryBy(u, audit.Handover, recordApplication, id)}
		if sup != nil {
			e := entryBy(sup, audit.Override, recordApplication, id)
			e.Reason = freetext.Normalize(override.Reason, freetext.Lines) // as intake stored it, not as typed
			entries = append(entries, e)
		}
		return entries
	}))
	if err != nil {
		return nil, d.fail("record handover", err)
	}
	d.mu.Lock()
	delete(d.checks, applicationID)
	d.mu.Unlock()
	return app, nil
}

// supervisorDecision checks that a card differing from the record is handed
// over on the decision of a supervisor, given at this desk with her own
// username and password.
// supervisorDecision checks the credentials of an override, under the
// limits of a sign-in (a counter clerk could otherwise guess a supervisor's
// password here at full speed), and that they are a supervisor's.
func (d *Desk) supervisorDecision(o *SupervisorOverride) (*auth.User, error) {
	if o == nil {
		return nil, problem.New("intake.handover.error.differs", nil)
	}
	sup, err := d.authenticate(o.Username, o.Password) // under the limits on guessing, as a sign-in
	if err != nil {
		return nil, d.fail("supervisor override", err)
	}
	if sup.Role != auth.Supervisor {
		return nil, problem.OnField("username", "desk.handover.error.notSupervisor", nil)
	}
	return sup, nil
}

// cardFail maps card errors to what staff are told; anything the card
// package does not know goes through fail.
func (d *Desk) cardFail(action string, err error) error {
	if p := card.Problem(err); p != nil {
		return p
	}
	return d.fail(action, err)
}

// progress tells the window how far a read has got.
func (d *Desk) progress(reader string, done, total int) {
	d.emit("card:progress", map[string]any{"reader": reader, "done": done, "total": total})
}

func (d *Desk) emit(name string, data any) {
	if d.Emit != nil {
		d.Emit(d.ctx, name, data)
	}
}

// watchCards reports readers and cards coming and going to the window
// until ctx ends.
func (d *Desk) watchCards(ctx context.Context) {
	err := card.Monitor{}.Run(ctx, d.cardEvent)
	if err != nil && ctx.Err() == nil {
		d.Log.Error("card monitor stopped", "err", err)
	}
}

// cardEvent keeps which readers hold a card and tells the window. A card
// put on a reader makes the handover checks read there stale: it may not be
// the card that was checked (the window forgets its check too). Taking the
// card off does not: it is then handed to the applicant.
func (d *Desk) cardEvent(ev card.Event) {
	d.mu.Lock()
	if d.present == nil {
		d.present = map[string]bool{}
	}
	switch ev.Kind {
	case card.CardInserted:
		d.present[ev.Reader] = true
		for id, chk := range d.checks {
			if chk.reader == ev.Reader {
				delete(d.checks, id)
			}
		}
	case card.CardRemoved, card.ReaderRemoved:
		delete(d.present, ev.Reader)
	}
	d.mu.Unlock()
	d.emit("card:event", ev)
}
