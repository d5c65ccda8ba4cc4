package desk

import (
	"slices"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/cases"
	"madoguchi/app/i18n"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
)

// CaseChoices are the fixed lists the case, situation and referral forms offer.
type CaseChoices struct {
	Categories    []residency.CategoryInfo `json:"categories"`
	Statuses      []string                 `json:"statuses"`  // statuses of residence of a mid-to-long-term resident; label residence.status.<id>
	Countries     []string                 `json:"countries"` // ISO 3166-1 alpha-2, plus "stateless" and "unknown" (label nationality.<id>)
	Languages     []i18n.Language          `json:"languages"`
	Relationships []string                 `json:"relationships"` // label cases.consent.relationship.<id>
	Methods       []string                 `json:"methods"`       // label cases.consent.method.<id>
	Fields        []string                 `json:"fields"`        // shareable: label cases.field.<id>
	Outcomes      []string                 `json:"outcomes"`      // label cases.outcome.<id>
}

// caseScope is whose cases the signed-in user sees: an NGO caseworker those
// of their organisation (none until the administrator sets it), counter
// staff and supervisors the municipal counter's.
func caseScope(u *auth.User) (cases.Scope, error) {
	if u.Role == auth.NGO {
		if u.Org == "" {
			return cases.Scope{}, problem.New("cases.error.noOrg", nil)
		}
		return cases.Scope{Org: u.Org}, nil
	}
	return cases.Scope{}, nil
}

// caseUser checks the access rule of method and returns the user and scope.
func (d *Desk) caseUser(method string) (*auth.User, cases.Scope, error) {
	u, err := d.allow(method)
	if err != nil {
		return nil, cases.Scope{}, err
	}
	sc, err := caseScope(u)
	return u, sc, err
}

// CaseChoices lists the options of the case forms.
func (d *Desk) CaseChoices() (*CaseChoices, error) {
	if _, err := d.allow("CaseChoices"); err != nil {
		return nil, err
	}
	ch := d.Intake.Choices()
	out := &CaseChoices{
		Categories: residency.Categories(), Countries: append(slices.Clone(ch.Countries), residency.NationalityStateless, residency.NationalityUnknown),
		Languages: d.Catalog.Languages(), Relationships: cases.Relationships, Methods: cases.Methods,
		Fields: cases.ShareableFields, Outcomes: cases.Outcomes, Statuses: []string{},
	}
	for _, s := range ch.ResidenceStatuses {
		if c, _, ok := residency.FromIntakeStatus(s); ok && c == residency.MidToLongTerm {
			out.Statuses = append(out.Statuses, s)
		}
	}
	return out, nil
}

// ListCases lists the cases the user may see.
func (d *Desk) ListCases() ([]cases.Summary, error) {
	_, sc, err := d.caseUser("ListCases")
	if err != nil {
		return nil, err
	}
	list, err := d.Cases.List(d.ctx, sc)
	if err != nil {
		return nil, d.fail("list cases", err)
	}
	return list, nil
}

// CreateCase opens a case for a person, owned by the user's organisation.
func (d *Desk) CreateCase(p cases.Person) (*cases.Case, error) {
	u, sc, err := d.caseUser("CreateCase")
	if err != nil {
		return nil, err
	}
	c, err := d.Cases.Create(d.ctx, sc, u.ID, p)
	if err != nil {
		return nil, d.fail("create case", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Create, RecordType: "case", RecordID: c.ID})
	return c, nil
}

// GetCase returns one case with its evaluation and referrals.
func (d *Desk) GetCase(id int64) (*cases.Case, error) {
	_, sc, err := d.caseUser("GetCase")
	if err != nil {
		return nil, err
	}
	c, err := d.Cases.Get(d.ctx, sc, id)
	if err != nil {
		return nil, d.fail("get case", err)
	}
	return c, nil
}

// SaveCasePerson changes the person's details of a case, made from the
// case's version `version` (an older one is refused: cases.error.conflict).
func (d *Desk) SaveCasePerson(id, version int64, p cases.Person) (*cases.Case, error) {
	u, sc, err := d.caseUser("SaveCasePerson")
	if err != nil {
		return nil, err
	}
	c, err := d.Cases.SavePerson(d.ctx, sc, id, version, p)
	if err != nil {
		return nil, d.fail("save case person", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "case", RecordID: id})
	return c, nil
}

// SaveSituation validates and saves the situation section of a case, made
// from the case's version `version`.
func (d *Desk) SaveSituation(id, version int64, f cases.SituationForm) (*cases.Case, error) {
	u, sc, err := d.caseUser("SaveSituation")
	if err != nil {
		return nil, err
	}
	c, err := d.Cases.SaveSituation(d.ctx, sc, id, version, f)
	if err != nil {
		return nil, d.fail("save situation", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "case", RecordID: id})
	return c, nil
}

// DueDashboard lists what is overdue or due soon across the user's cases.
func (d *Desk) DueDashboard() (*cases.Dashboard, error) {
	_, sc, err := d.caseUser("DueDashboard")
	if err != nil {
		return nil, err
	}
	dash, err := d.Cases.Due(d.ctx, sc)
	if err != nil {
		return nil, d.fail("due dashboard", err)
	}
	return dash, nil
}

// CreateReferral opens a draft referral of a case to an organisation.
func (d *Desk) CreateReferral(caseID int64, in cases.NewReferral) (*cases.Referral, error) {
	u, sc, err := d.caseUser("CreateReferral")
	if err != nil {
		return nil, err
	}
	r, err := d.Cases.CreateReferral(d.ctx, sc, u.ID, caseID, in)
	if err != nil {
		return nil, d.fail("create referral", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Create, RecordType: "referral", RecordID: r.ID})
	return r, nil
}

// RecordConsent records the person's consent on a draft referral, made
// from the referral's version `version` (an older one is refused:
// cases.error.conflict).
func (d *Desk) RecordConsent(referralID, version int64, f cases.ConsentForm) (*cases.Referral, error) {
	u, sc, err := d.caseUser("RecordConsent")
	if err != nil {
		return nil, err
	}
	r, err := d.Cases.RecordConsent(d.ctx, sc, u.ID, referralID, version, f, d.referralRecorded(u))
	if err != nil {
		return nil, d.fail("record consent", err)
	}
	return r, nil
}

// SendReferral marks a referral sent: with consent recorded, or a
// supervisor's override (own credentials and a reason; recorded), from
// the referral's version `version`.
func (d *Desk) SendReferral(referralID, version int64, override *SupervisorOverride) (*cases.Referral, error) {
	u, sc, err := d.caseUser("SendReferral")
	if err != nil {
		return nil, err
	}
	var ov *cases.Override
	if override != nil {
		sup, err := d.supervisorDecision(override)
		if err != nil {
			return nil, err
		}
		ov = &cases.Override{By: sup.ID, Reason: override.Reason}
	}
	// Sent and override are recorded in the sending transaction: unrecorded,
	// the referral stays a draft.
	r, err := d.Cases.Send(d.ctx, sc, referralID, version, ov, d.referralSent(u))
	if err != nil {
		return nil, d.fail("send referral", err)
	}
	return r, nil
}

// UpdateReferral records a referral's answer or closing (with an outcome)
// and its follow-up day, from the referral's version `version`.
func (d *Desk) UpdateReferral(referralID, version int64, status, outcome, followUp string) (*cases.Referral, error) {
	u, sc, err := d.caseUser("UpdateReferral")
	if err != nil {
		return nil, err
	}
	r, err := d.Cases.Update(d.ctx, sc, referralID, version, status, outcome, followUp, d.referralRecorded(u))
	if err != nil {
		return nil, d.fail("update referral", err)
	}
	return r, nil
}

// recordReferral is the audit record type of a referral.
const recordReferral = "referral"

// referralRecorded is the hook that audits, in its transaction, a change u
// makes to a referral.
func (d *Desk) referralRecorded(u *auth.User) audit.Hook[*cases.Referral] {
	return audit.Entries(d.Audit, func(r *cases.Referral) []audit.Entry {
		return []audit.Entry{entryBy(u, audit.Change, recordReferral, r.ID)}
	})
}

// referralSent is the hook that audits, in the sending transaction, a
// referral u sends, and the supervisor's override when it is what let the
// referral go (without consent).
func (d *Desk) referralSent(u *auth.User) audit.Hook[*cases.Referral] {
	return audit.Entries(d.Audit, func(r *cases.Referral) []audit.Entry {
		entries := []audit.Entry{entryBy(u, audit.Change, recordReferral, r.ID)}
		if r.Override != nil {
			sup := entryBy(&auth.User{ID: r.Override.By, Role: auth.Supervisor}, audit.Override, recordReferral, r.ID)
			sup.Reason = r.Override.Reason
			entries = append(entries, sup)
		}
		return entries
	})
}

// ReferralLetter returns what the referral letter may hold: the consented
// fields only.
func (d *Desk) ReferralLetter(referralID int64) (*cases.Letter, error) {
	_, sc, err := d.caseUser("ReferralLetter")
	if err != nil {
		return nil, err
	}
	l, err := d.Cases.Letter(d.ctx, sc, referralID)
	if err != nil {
		return nil, d.fail("referral letter", err)
	}
	return l, nil
}

// PrintReferralLetter records that the letter is being printed (or saved
// as PDF): the window calls it just before its print dialog.
func (d *Desk) PrintReferralLetter(referralID int64) error {
	u, sc, err := d.caseUser("PrintReferralLetter")
	if err != nil {
		return err
	}
	if _, err := d.Cases.Letter(d.ctx, sc, referralID); err != nil {
		return d.fail("print referral letter", err)
	}
	// The window prints only when this succeeds: unrecorded, no printout.
	return d.recordFirst("print referral letter", entryBy(u, audit.Print, recordReferral, referralID))
}

// SetUserOrg sets the organisation of an NGO caseworker's account
// (administrators); "" clears it.
func (d *Desk) SetUserOrg(userID int64, org string) (*auth.User, error) {
	admin, err := d.allow("SetUserOrg")
	if err != nil {
		return nil, err
	}
	if userID == 0 {
		return nil, problem.List{problem.OnField("orgUser", "desk.org.user.error.required", nil)}
	}
	if org != "" {
		if _, err := d.Orgs.Get(d.ctx, org); err != nil {
			if problem.From(err) != nil {
				return nil, problem.List{problem.OnField("org", "orgs.error.notFound", nil)}
			}
			return nil, d.fail("set user org", err)
		}
	}
	u, err := d.Auth.SetOrg(d.ctx, userID, org, d.recorded(func(id int64) []audit.Entry {
		return []audit.Entry{entryBy(admin, audit.UserChange, recordUser, id)}
	}))
	if err != nil {
		return nil, d.fail("set user org", err)
	}
	return u, nil
}
