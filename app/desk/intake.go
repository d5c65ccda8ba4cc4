package desk

import (
	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/intake"
)

// Choices lists the options of the intake questions.
func (d *Desk) Choices() (intake.Choices, error) {
	if _, err := d.allow("Choices"); err != nil {
		return intake.Choices{}, err
	}
	return d.Intake.Choices(), nil
}

// StartApplication opens a new draft application for the applicant at the counter.
func (d *Desk) StartApplication() (*intake.Application, error) {
	u, err := d.allow("StartApplication")
	if err != nil {
		return nil, err
	}
	a, err := d.intakeFor(u).Start(d.ctx, u.ID)
	if err != nil {
		return nil, d.fail("start application", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Create, RecordType: "application", RecordID: a.ID})
	return d.onScreen(a), nil
}

// GetApplication returns one application.
func (d *Desk) GetApplication(id int64) (*intake.Application, error) {
	u, err := d.allow("GetApplication")
	if err != nil {
		return nil, err
	}
	a, err := d.intakeFor(u).Get(d.ctx, id)
	if err != nil {
		return nil, d.fail("get application", err)
	}
	return d.onScreen(a), nil
}

// SaveStep validates and saves one question's answers; the draft is on disk
// when this returns, and its step is the next question to ask.
func (d *Desk) SaveStep(id int64, step string, answers intake.Answers) (*intake.Application, error) {
	u, err := d.allow("SaveStep")
	if err != nil {
		return nil, err
	}
	if step == intake.StepNumber {
		return d.saveNumberStep(u, id, answers)
	}
	a, err := d.intakeFor(u).At(d.shownVersion(id)).Save(d.ctx, id, step, answers)
	if err != nil {
		return nil, d.fail("save step", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "application", RecordID: id})
	return d.onScreen(a), nil
}

// OpenStep records that the user went back to, or chose to change, a step.
func (d *Desk) OpenStep(id int64, step string) (*intake.Application, error) {
	u, err := d.allow("OpenStep")
	if err != nil {
		return nil, err
	}
	a, err := d.intakeFor(u).At(d.shownVersion(id)).Open(d.ctx, id, step)
	if err != nil {
		return nil, d.fail("open step", err)
	}
	return d.onScreen(a), nil
}

// SubmitApplication marks a complete application ready for application.
func (d *Desk) SubmitApplication(id int64) (*intake.Application, error) {
	u, err := d.allow("SubmitApplication")
	if err != nil {
		return nil, err
	}
	a, err := d.intakeFor(u).At(d.shownVersion(id)).Submit(d.ctx, id)
	if err != nil {
		return nil, d.fail("submit application", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "application", RecordID: id})
	return d.onScreen(a), nil
}

// shownResults is how many applications a search shows, newest first.
const shownResults = 50

// ApplicationSearch is what a search found: at most shownResults
// applications, and whether more match (so staff know to type more).
type ApplicationSearch struct {
	Applications []intake.Summary `json:"applications"`
	More         bool             `json:"more"`
}

// SearchApplications finds applications by name, reading or birth date.
func (d *Desk) SearchApplications(query string) (*ApplicationSearch, error) {
	if _, err := d.allow("SearchApplications"); err != nil {
		return nil, err
	}
	list, err := d.Intake.Search(d.ctx, query, shownResults+1)
	if err != nil {
		return nil, d.fail("search applications", err)
	}
	found := &ApplicationSearch{Applications: list, More: len(list) > shownResults}
	if found.More {
		found.Applications = list[:shownResults]
	}
	return found, nil
}

// onScreen remembers the application the window now shows, and at which
// version, so that the next change made from this screen is refused if
// another desk changed the application in between.
func (d *Desk) onScreen(a *intake.Application) *intake.Application {
	d.mu.Lock()
	d.current = a.ID
	if d.versions == nil {
		d.versions = map[int64]int64{}
	}
	d.versions[a.ID] = a.Version
	d.mu.Unlock()
	return a
}

// shownVersion is the version of application id this window last received;
// 0 (no check) if it never received it.
func (d *Desk) shownVersion(id int64) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.versions[id]
}

// intakeFor is the intake service as u may use it: only counter staff are
// asked for the Individual Number (the Individual Number Act limits who may
// collect it; supervisors oversee, they do not collect), and each number
// they record or withdraw is audited in its own transaction.
func (d *Desk) intakeFor(u *auth.User) *intake.Service {
	if u.Role == auth.Counter {
		return d.Intake.RecordingNumbers(d.numberRecorded(u))
	}
	return d.Intake
}

// recordApplication is the audit record type of an application.
const recordApplication = "application"
