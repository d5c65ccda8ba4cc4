package desk

import (
	"strings"

	"madoguchi/app/audit"
	"madoguchi/app/orgs"
)

// ListOrgs returns the directory of support organisations.
func (d *Desk) ListOrgs() ([]orgs.Org, error) {
	if _, err := d.allow("ListOrgs"); err != nil {
		return nil, err
	}
	list, err := d.Orgs.List(d.ctx)
	if err != nil {
		return nil, d.fail("list orgs", err)
	}
	return list, nil
}

// SaveOrg adds (create) or changes a directory entry (administrators).
func (d *Desk) SaveOrg(o orgs.Org, create bool) (*orgs.Org, error) {
	u, err := d.allow("SaveOrg")
	if err != nil {
		return nil, err
	}
	saved, err := d.Orgs.Save(d.ctx, o, create)
	if err != nil {
		return nil, d.fail("save org", err)
	}
	action := audit.Change
	if create {
		action = audit.Create
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: action, RecordType: "org", RecordID: saved.Num})
	return &saved, nil
}

// ExportOrgsCSV returns the directory as CSV text (administrators).
func (d *Desk) ExportOrgsCSV() (string, error) {
	u, err := d.allow("ExportOrgsCSV")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := d.Orgs.Export(d.ctx, &b); err != nil {
		return "", d.fail("export orgs", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Export, RecordType: "org"})
	return b.String(), nil
}

// ImportOrgsCSV adds or changes directory entries from CSV text: all rows
// or none (administrators).
func (d *Desk) ImportOrgsCSV(text string) (*orgs.ImportResult, error) {
	u, err := d.allow("ImportOrgsCSV")
	if err != nil {
		return nil, err
	}
	res, err := d.Orgs.Import(d.ctx, strings.NewReader(text))
	if err != nil {
		return nil, d.fail("import orgs", err)
	}
	d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Change, RecordType: "org"})
	return &res, nil
}
