// Package orgs is the directory of support organisations caseworkers refer people to: what each takes, languages, contact, hours; edited by administrators, imported and exported as CSV.
package orgs

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"madoguchi/app/freetext"
	"madoguchi/app/problem"
	"madoguchi/app/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create the orgs table and seed it from facts.md.
var Migrations = store.Embedded("orgs", migrationFiles)

// Org is one directory entry. Names and "takes" are kept in Japanese and
// English: letters and screens show the one of their language.
type Org struct {
	ID        string `json:"id"`
	Num       int64  `json:"num"` // row number, for the audit trail
	NameJa    string `json:"nameJa"`
	NameEn    string `json:"nameEn"`
	TakesJa   string `json:"takesJa"`
	TakesEn   string `json:"takesEn"`
	Languages string `json:"languages"`
	Phone     string `json:"phone"`
	Contact   string `json:"contact"`
	Hours     string `json:"hours"`
	Active    bool   `json:"active"`
	UpdatedAt string `json:"updatedAt"`
}

// Service reads and writes the directory.
type Service struct {
	db  *store.DB
	now func() time.Time

	// beforeWrite, when set by a test, runs in Save's transaction before
	// its write, to widen the window a race between desks would need.
	beforeWrite func()
}

// New returns the directory of a migrated database; now is the clock (nil
// means time.Now).
func New(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

const timeFormat = "2006-01-02T15:04:05.000Z"

const orgColumns = `num, id, name_ja, name_en, takes_ja, takes_en, languages, phone, contact, hours, active, updated_at`

func errNotFound() error { return problem.New("orgs.error.notFound", nil) }

// List returns every entry, inactive ones included, by ID.
func (s *Service) List(ctx context.Context) ([]Org, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	defer rows.Close()
	out := []Org{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("list orgs: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	return out, nil
}

// Get returns one entry, or the problem orgs.error.notFound.
func (s *Service) Get(ctx context.Context, id string) (Org, error) {
	if !utf8.ValidString(id) || strings.ContainsRune(id, 0) {
		// No entry has such an ID (the rules refuse it), and PostgreSQL
		// refuses it as a text parameter: not a technical failure.
		return Org{}, errNotFound()
	}
	o, err := scanOrg(s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Org{}, errNotFound()
	}
	if err != nil {
		return Org{}, fmt.Errorf("get org: %w", err)
	}
	return o, nil
}

// Save validates o and writes it: a new entry when create is set (its ID
// must be free), else a change to the entry with o.ID. Problems come one
// per form field; nothing is written then. Each is one statement that
// decides on the row as it is when written (insertNew, update), not on a
// read before it: two desks creating one ID at once give one entry and
// orgs.error.taken, never one entry overwriting the other.
func (s *Service) Save(ctx context.Context, o Org, create bool) (Org, error) {
	o, faults := normalize(o)
	var probs problem.List
	for _, is := range check(o, faults) {
		probs.Add(is.formProblem())
	}
	if len(probs) > 0 {
		return Org{}, probs
	}
	var saved Org
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		write, refused := s.update, errNotFound
		if create {
			write, refused = s.insertNew, func() error { return problem.List{problem.OnField("id", "orgs.error.taken", nil)} }
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		done, err := write(ctx, tx, o)
		if err != nil {
			return err
		}
		if !done {
			return refused()
		}
		saved, err = scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = ?`, o.ID))
		return err
	})
	if err != nil {
		return Org{}, err
	}
	return saved, nil
}

// insertNew adds o unless an entry has its ID; it reports whether it did.
func (s *Service) insertNew(ctx context.Context, tx *sql.Tx, o Org) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO orgs
		(id, name_ja, name_en, takes_ja, takes_en, languages, phone, contact, hours, active, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		o.ID, o.NameJa, o.NameEn, o.TakesJa, o.TakesEn, o.Languages, o.Phone, o.Contact, o.Hours,
		boolInt(o.Active), s.now().UTC().Format(timeFormat))
	return written(res, err, "add org %s", o.ID)
}

// update changes the entry with o's ID; it reports whether there was one.
func (s *Service) update(ctx context.Context, tx *sql.Tx, o Org) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE orgs SET name_ja = ?, name_en = ?, takes_ja = ?, takes_en = ?,
		languages = ?, phone = ?, contact = ?, hours = ?, active = ?, updated_at = ?
		WHERE id = ?`,
		o.NameJa, o.NameEn, o.TakesJa, o.TakesEn, o.Languages, o.Phone, o.Contact, o.Hours,
		boolInt(o.Active), s.now().UTC().Format(timeFormat), o.ID)
	return written(res, err, "write org %s", o.ID)
}

// written reports whether a write of one row changed one.
func written(res sql.Result, err error, format string, args ...any) (bool, error) {
	if err != nil {
		return false, fmt.Errorf(format+": %w", append(args, err)...)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf(format+": %w", append(args, err)...)
	}
	return n > 0, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scanOrg(row interface{ Scan(...any) error }) (Org, error) {
	var o Org
	var active int
	err := row.Scan(&o.Num, &o.ID, &o.NameJa, &o.NameEn, &o.TakesJa, &o.TakesEn, &o.Languages,
		&o.Phone, &o.Contact, &o.Hours, &active, &o.UpdatedAt)
	o.Active = active == 1
	return o, err
}

// texts are the entry's text fields by form field name, to be cleaned and
// checked column by column.
func texts(o *Org) map[string]*string {
	return map[string]*string{
		"id": &o.ID, "nameJa": &o.NameJa, "nameEn": &o.NameEn, "takesJa": &o.TakesJa, "takesEn": &o.TakesEn,
		"languages": &o.Languages, "phone": &o.Phone, "contact": &o.Contact, "hours": &o.Hours,
	}
}

// normalize cleans every text field by the shared rule, as its column's
// kind; what is left is what gets checked and stored. What the rule
// refuses comes back by form field, for check to tell on the field.
func normalize(o Org) (Org, map[string]freetext.Fault) {
	faults := map[string]freetext.Fault{}
	for field, p := range texts(&o) {
		c, _ := columnOf(field)
		*p, faults[field] = freetext.Clean(*p, c.kind)
	}
	return o, faults
}

func columnOf(field string) (column, bool) {
	for _, c := range columns {
		if c.field == field {
			return c, true
		}
	}
	return column{}, false
}

// issue is one rule an entry breaks: the column and the kind of problem.
type issue struct {
	col   column
	kind  string         // required, tooLong, invisible, idFormat, phoneFormat
	fault freetext.Fault // with invisible: what the shared text rule refused
}

func (is issue) args() map[string]any {
	if is.kind == "tooLong" {
		return map[string]any{"Max": is.col.max}
	}
	return nil
}

// formProblem is the issue on the form's field: the text rule's own
// message for what it refuses, else this package's.
func (is issue) formProblem() *problem.Problem {
	if is.fault != freetext.OK {
		return is.fault.Problem(is.col.field)
	}
	return problem.OnField(is.col.field, "orgs.error."+is.kind, is.args())
}

// check applies the rules of rules.go to a normalised entry, in column
// order; faults are normalize's.
func check(o Org, faults map[string]freetext.Fault) []issue {
	values := texts(&o)
	var out []issue
	for _, c := range columns {
		p, ok := values[c.field]
		if !ok {
			continue
		}
		v := *p
		switch {
		case c.required && v == "":
			out = append(out, issue{col: c, kind: "required"})
		case utf8.RuneCountInString(v) > c.max:
			out = append(out, issue{col: c, kind: "tooLong"})
		case faults[c.field] != freetext.OK:
			out = append(out, issue{col: c, kind: "invisible", fault: faults[c.field]})
		case c.field == "id" && !idPattern.MatchString(v):
			out = append(out, issue{col: c, kind: "idFormat"})
		case c.field == "phone" && v != "" && !phonePattern.MatchString(v):
			out = append(out, issue{col: c, kind: "phoneFormat"})
		}
	}
	return out
}
