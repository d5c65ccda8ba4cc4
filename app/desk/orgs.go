package desk

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"madoguchi/app/audit"
	"madoguchi/app/orgs"
	"madoguchi/app/problem"
)

// recordOrg is the audit record type of an entry of the directory.
const recordOrg = "org"

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
	d.record(entryBy(u, action, recordOrg, saved.Num))
	return &saved, nil
}

// ExportOrgsCSV returns the directory as CSV text (administrators). The
// export is recorded first; unrecorded, nothing is given out.
func (d *Desk) ExportOrgsCSV() (string, error) {
	u, err := d.allow("ExportOrgsCSV")
	if err != nil {
		return "", err
	}
	if err := d.recordFirst("export orgs", entryBy(u, audit.Export, recordOrg, 0)); err != nil {
		return "", err
	}
	var b strings.Builder
	if err := d.Orgs.Export(d.ctx, &b); err != nil {
		return "", d.fail("export orgs", err)
	}
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
	d.record(entryBy(u, audit.Change, recordOrg, 0))
	return &res, nil
}

// SaveOrgsCSV asks where to save the directory as CSV (the window's save
// dialog) and writes it there, once the export is recorded; it returns the
// path, or "" when the user cancelled. Without a dialog (outside the
// window) it is the problem desk.error.noSaveDialog and the window falls
// back to ExportOrgsCSV.
func (d *Desk) SaveOrgsCSV() (string, error) {
	u, err := d.allow("SaveOrgsCSV")
	if err != nil {
		return "", err
	}
	if d.SaveFile == nil {
		return "", problem.New("desk.error.noSaveDialog", nil)
	}
	var b bytes.Buffer
	if err := d.Orgs.Export(d.ctx, &b); err != nil {
		return "", d.fail("export orgs", err)
	}
	path, err := d.SaveFile(d.ctx, d.Catalog.Message(u.StaffLanguage, "orgs.heading", nil), "madoguchi-orgs.csv")
	if err != nil {
		return "", d.fail("save orgs csv", fmt.Errorf("save dialog: %w", err))
	}
	if path == "" {
		return "", nil
	}
	if err := d.recordFirst("save orgs csv", entryBy(u, audit.Export, recordOrg, 0)); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		d.Log.Error("save orgs csv", "err", err)
		return "", problem.New("desk.error.saveFile", nil)
	}
	return path, nil
}
