package desk

import (
	"madoguchi/app/audit"
	"madoguchi/app/i18n"
	"madoguchi/app/lostcard"
	"madoguchi/app/problem"
)

// recordLostCard is the audit record type of a lost-card report.
const recordLostCard = "lostCardReport"

// LostCardReport is a report as the call-centre screen shows it, with the
// other unfinished reports of the same person (all four basic items), so the
// agent is warned before suspending a card twice.
type LostCardReport struct {
	*lostcard.Report
	SamePerson []lostcard.Summary `json:"samePerson"`
}

// LostCardGuidance is the caller's guidance in the caller's language and,
// beside it, in the agent's own, as lines of plain text.
type LostCardGuidance struct {
	Language string   `json:"language"` // the caller's language tag
	Caller   []string `json:"caller"`
	Staff    []string `json:"staff"`
}

// LostCardRules returns the fees, windows, phone lines and choices the
// screens show (app/lostcard/rules.go).
func (d *Desk) LostCardRules() (lostcard.Rules, error) {
	if _, err := d.allow("LostCardRules"); err != nil {
		return lostcard.Rules{}, err
	}
	return lostcard.CurrentRules(), nil
}

// StartLostCardReport opens a report; its time is recorded now.
func (d *Desk) StartLostCardReport() (*LostCardReport, error) {
	u, err := d.allow("StartLostCardReport")
	if err != nil {
		return nil, err
	}
	r, err := d.LostCard.Start(d.ctx, u.ID)
	if err != nil {
		return nil, d.fail("start lost-card report", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Create, RecordType: recordLostCard, RecordID: r.ID})
	return d.reportOnScreen(r)
}

// GetLostCardReport returns one report.
func (d *Desk) GetLostCardReport(id int64) (*LostCardReport, error) {
	if _, err := d.allow("GetLostCardReport"); err != nil {
		return nil, err
	}
	r, err := d.LostCard.Get(d.ctx, id)
	if err != nil {
		return nil, d.fail("get lost-card report", err)
	}
	return d.reportOnScreen(r)
}

// SaveLostCardReport checks and saves the answers given; a change made from
// a screen showing an older version is refused (lostcard.error.conflict).
func (d *Desk) SaveLostCardReport(id int64, answers lostcard.Answers) (*LostCardReport, error) {
	u, err := d.allow("SaveLostCardReport")
	if err != nil {
		return nil, err
	}
	r, err := d.LostCard.At(d.shownReportVersion(id)).Save(d.ctx, id, answers)
	if err != nil {
		return nil, d.fail("save lost-card report", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: recordLostCard, RecordID: id})
	return d.reportOnScreen(r)
}

// MoveLostCardReport saves the answers given and moves the report to status
// to (suspended, reissueApplied, closed, found, lifted) in one step.
func (d *Desk) MoveLostCardReport(id int64, to string, answers lostcard.Answers) (*LostCardReport, error) {
	u, err := d.allow("MoveLostCardReport")
	if err != nil {
		return nil, err
	}
	// A suspension (or a reissue, a card found, a suspension lifted) is
	// recorded in the moving transaction: unrecorded, the report stays put.
	r, err := d.LostCard.At(d.shownReportVersion(id)).Move(d.ctx, id, to, answers, d.recorded(func(id int64) []audit.Entry {
		return []audit.Entry{entryBy(u, audit.Change, recordLostCard, id)}
	}))
	if err != nil {
		return nil, d.fail("move lost-card report", err)
	}
	return d.reportOnScreen(r)
}

// LostCardFollowUps lists the reports not yet closed or lifted, oldest first.
func (d *Desk) LostCardFollowUps() ([]lostcard.Summary, error) {
	if _, err := d.allow("LostCardFollowUps"); err != nil {
		return nil, err
	}
	list, err := d.LostCard.FollowUps(d.ctx)
	if err != nil {
		return nil, d.fail("lost-card follow-ups", err)
	}
	return list, nil
}

// GetLostCardGuidance renders the guidance of report id in the caller's
// language (Japanese until it is known) and in the agent's language.
func (d *Desk) GetLostCardGuidance(id int64) (*LostCardGuidance, error) {
	u, err := d.allow("GetLostCardGuidance")
	if err != nil {
		return nil, err
	}
	r, err := d.LostCard.Get(d.ctx, id)
	if err != nil {
		return nil, d.fail("lost-card guidance", err)
	}
	staff := d.language(u.StaffLanguage)
	caller := staff
	if r.CallerLanguage != "" {
		caller = d.language(r.CallerLanguage)
	}
	lines := lostcard.Guidance(r)
	return &LostCardGuidance{
		Language: caller,
		Caller:   lostcard.Render(lines, caller, d.Catalog.Marked),
		Staff:    lostcard.Render(lines, staff, d.Catalog.Marked),
	}, nil
}

// language is tag if the catalog has it, else the fallback the catalog
// would draw it in anyway, so dates and amounts match the text around them.
func (d *Desk) language(tag string) string {
	if d.Catalog.Has(tag) {
		return tag
	}
	return i18n.Fallback
}

// RecordLostCardGuidance records that the guidance of report id left the
// desk: printed ("print") or copied for a text message ("copy").
func (d *Desk) RecordLostCardGuidance(id int64, how string) error {
	u, err := d.allow("RecordLostCardGuidance")
	if err != nil {
		return err
	}
	action := map[string]audit.Action{"print": audit.Print, "copy": audit.Copy}[how]
	if action == "" {
		return problem.New("lostcard.error.choice", nil)
	}
	if _, err := d.LostCard.Get(d.ctx, id); err != nil {
		return d.fail("record lost-card guidance", err)
	}
	// The window prints or copies only when this succeeds.
	return d.recordFirst("record lost-card guidance", entryBy(u, action, recordLostCard, id))
}

// LostCardFigures counts the reports of the last days days: per day, by
// caller language, by outcome. Counts only: no personal data.
func (d *Desk) LostCardFigures(days int) (*lostcard.Figures, error) {
	if _, err := d.allow("LostCardFigures"); err != nil {
		return nil, err
	}
	f, err := d.LostCard.Figures(d.ctx, days)
	if err != nil {
		return nil, d.fail("lost-card figures", err)
	}
	return f, nil
}

// reportOnScreen remembers the version the window now shows and adds the
// same-person warning.
func (d *Desk) reportOnScreen(r *lostcard.Report) (*LostCardReport, error) {
	same, err := d.LostCard.SamePerson(d.ctx, r.ID)
	if err != nil {
		return nil, d.fail("lost-card same person", err)
	}
	d.mu.Lock()
	if d.reportVersions == nil {
		d.reportVersions = map[int64]int64{}
	}
	d.reportVersions[r.ID] = r.Version
	d.mu.Unlock()
	return &LostCardReport{Report: r, SamePerson: same}, nil
}

func (d *Desk) shownReportVersion(id int64) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.reportVersions[id]
}
