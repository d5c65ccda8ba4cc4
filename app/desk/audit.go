package desk

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/problem"
)

// auditPageSize is how many entries one page of the audit trail shows.
const auditPageSize = 25

// exportsDir is the folder of the data directory the window's exports go to.
const exportsDir = "exports"

// recordAuditLog is the audit record type of the trail itself (its exports).
const recordAuditLog = "auditLog"

// AuditChoices is what the audit-trail filter offers.
type AuditChoices struct {
	Staff       []auth.User    `json:"staff"`       // every account, to filter by and to name entries
	Actions     []audit.Action `json:"actions"`     // message "audit.action.<action>"
	RecordTypes []string       `json:"recordTypes"` // kinds of record the trail mentions; message "audit.recordType.<type>"
	PageSize    int            `json:"pageSize"`
	CanSaveCopy bool           `json:"canSaveCopy"` // the window can ask where to save a copy of an export
}

// AuditPage is one page of the filtered trail, newest first.
type AuditPage struct {
	Entries  []audit.Entry `json:"entries"`
	Total    int           `json:"total"` // entries matching the filter
	Page     int           `json:"page"`  // 1-based
	PageSize int           `json:"pageSize"`
}

// AuditExport says where an export of the trail was written.
type AuditExport struct {
	Path string `json:"path"` // full path, to show
	Name string `json:"name"` // file name inside exports/, for SaveAuditCopy
	Rows int    `json:"rows"`
}

// AuditChoices lists what the supervisor can filter the trail by.
func (d *Desk) AuditChoices() (*AuditChoices, error) {
	if _, err := d.allow("AuditChoices"); err != nil {
		return nil, err
	}
	staff, err := d.Auth.List(d.ctx)
	if err != nil {
		return nil, d.fail("audit choices", err)
	}
	types, err := d.Audit.RecordTypes(d.ctx)
	if err != nil {
		return nil, d.fail("audit choices", err)
	}
	return &AuditChoices{Staff: staff, Actions: audit.Actions(), RecordTypes: types,
		PageSize: auditPageSize, CanSaveCopy: d.SaveFile != nil}, nil
}

// SearchAudit returns page (from 1) of the entries matching s, newest
// first, with their reasons opened.
func (d *Desk) SearchAudit(s audit.Search, page int) (*AuditPage, error) {
	if _, err := d.allow("SearchAudit"); err != nil {
		return nil, err
	}
	f, err := s.Filter(d.Now().Location())
	if err != nil {
		return nil, d.fail("search audit", err)
	}
	page = max(page, 1)
	p, err := d.Audit.Newest(d.ctx, f, (page-1)*auditPageSize, auditPageSize)
	if err != nil {
		return nil, d.fail("search audit", err)
	}
	return &AuditPage{Entries: p.Entries, Total: p.Total, Page: page, PageSize: auditPageSize}, nil
}

// VerifyAudit checks the chain: OK, or the first broken link. It reads the
// entries written since the last check that found the chain whole (its
// checkpoint; Report.Since says from where), so opening the screen does not
// cost more as the years of records grow; `madoguchi audit verify` walks
// the whole chain.
func (d *Desk) VerifyAudit() (*audit.Report, error) {
	if _, err := d.allow("VerifyAudit"); err != nil {
		return nil, err
	}
	rep, err := d.Audit.VerifySinceCheckpoint(d.ctx)
	if err != nil {
		return nil, d.fail("verify audit", err)
	}
	return &rep, nil
}

// ExportAudit writes the entries matching s, oldest first, as CSV into
// exports/ of the data directory, and records the export in the trail. The
// export is recorded before the file is written, and nothing is written if
// it cannot be: no copy of the trail leaves without a trace.
func (d *Desk) ExportAudit(s audit.Search) (*AuditExport, error) {
	u, err := d.allow("ExportAudit")
	if err != nil {
		return nil, err
	}
	f, err := s.Filter(d.Now().Location())
	if err != nil {
		return nil, d.fail("export audit", err)
	}
	entries, err := d.Audit.Query(d.ctx, f)
	if err != nil {
		return nil, d.fail("export audit", err)
	}
	if err := d.recordFirst("export audit", entryBy(u, audit.Export, recordAuditLog, 0)); err != nil {
		return nil, err
	}
	path, err := d.writeExport(entries)
	if err != nil {
		return nil, d.fail("export audit", err)
	}
	return &AuditExport{Path: path, Name: filepath.Base(path), Rows: len(entries)}, nil
}

// writeExport creates exports/audit-<local time>.csv, readable by this OS
// user only, never replacing an earlier export.
func (d *Desk) writeExport(entries []audit.Entry) (string, error) {
	dir := filepath.Join(d.DataDir, exportsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create exports folder: %w", err)
	}
	stamp := d.Now().Format("20060102-150405")
	for n := 1; ; n++ {
		name := "audit-" + stamp + ".csv"
		if n > 1 {
			name = fmt.Sprintf("audit-%s-%d.csv", stamp, n)
		}
		path := filepath.Join(dir, name)
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create export: %w", err)
		}
		err = audit.WriteCSV(file, entries)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", fmt.Errorf("write export: %w", err)
		}
		return path, nil
	}
}

// exportName is what the exports this desk writes are called; SaveAuditCopy
// takes nothing else, so the window cannot name another file.
var exportName = regexp.MustCompile(`^audit-\d{8}-\d{6}(-\d+)?\.csv$`)

// SaveAuditCopy asks where to save a copy of an export (the operating
// system's save dialog) and copies it there, recording it as another
// export before the copy is made (none is made unrecorded). It returns the
// path chosen, or "" when the dialog was cancelled.
func (d *Desk) SaveAuditCopy(name string) (string, error) {
	u, err := d.allow("SaveAuditCopy")
	if err != nil {
		return "", err
	}
	if d.SaveFile == nil {
		return "", problem.New("audit.export.saveCopy.error.unavailable", nil)
	}
	if !exportName.MatchString(name) {
		return "", problem.New("audit.export.saveCopy.error.unknownFile", nil)
	}
	src := filepath.Join(d.DataDir, exportsDir, name)
	title := d.Catalog.Message(u.StaffLanguage, "audit.export.saveCopy.title", nil)
	dst, err := d.SaveFile(d.ctx, title, name)
	if err != nil {
		return "", d.fail("save audit copy: dialog", err)
	}
	if dst == "" {
		return "", nil
	}
	if err := d.recordFirst("save audit copy", entryBy(u, audit.Export, recordAuditLog, 0)); err != nil {
		return "", err
	}
	if err := copyFile(src, dst); err != nil {
		return "", d.fail("save audit copy", err)
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open export: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create copy: %w", err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copy export: %w", err)
	}
	return nil
}
