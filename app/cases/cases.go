// Package cases holds the people NGO caseworkers and counter staff follow: who they are, their residence situation, notes, and referrals to support organisations with the person's consent.
package cases

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"madoguchi/app/freetext"
	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create the cases and case_referrals tables.
var Migrations = store.Embedded("cases", migrationFiles)

// Person is who the case is about. There is deliberately no field for the
// Individual Number.
type Person struct {
	Name     string `json:"name"`
	Language string `json:"language"` // BCP 47 tag of the person's language (letters are printed in it)
	Contact  string `json:"contact"`  // how to reach them: phone, address, via whom
	Notes    string `json:"notes"`
}

// Case is one person followed, as the window sees it.
type Case struct {
	ID         int64                 `json:"id"`
	Org        string                `json:"org"` // "" for the municipal counter
	Person     Person                `json:"person"`
	Situation  SituationForm         `json:"situation"`  // as last entered
	Evaluation *residency.Evaluation `json:"evaluation"` // nil until a situation is entered
	Referrals  []Referral            `json:"referrals"`
	CreatedAt  string                `json:"createdAt"`
	UpdatedAt  string                `json:"updatedAt"`
	// Version is the row version: a change sent with an older one is
	// refused (cases.error.conflict), so two caseworkers never overwrite
	// each other unseen.
	Version int64 `json:"version"`
}

// Summary is one row of the case list.
type Summary struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	UpdatedAt string `json:"updatedAt"`
}

// Scope is whose cases a caller may see: those of one organisation ("" is
// the municipal counter). The desk builds it from the signed-in account.
type Scope struct {
	Org string
}

// Sealer is what cases need of the vault (*vault.Vault is one, a plain
// one included). Hold comes first in every transaction that writes sealed
// values: it fails with vault.error.keyChanged when another desk retired
// the key Seal would use (vault.Vault.Hold).
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
	Hold(ctx context.Context, tx *sql.Tx) error
}

// Directory is what cases need of the directory of organisations.
type Directory interface {
	Get(ctx context.Context, id string) (orgs.Org, error)
}

// Service reads and writes cases and their referrals.
type Service struct {
	db        *store.DB
	vault     Sealer
	dir       Directory
	languages []string
	now       func() time.Time

	// beforeWrite, when set by a test, runs in a change's transaction (of
	// a case or a referral) between reading the row and writing it back,
	// and in a creation's before the insert, to widen the window a race
	// between desks would need.
	beforeWrite func()
}

// New returns the service over a migrated database. languages are the
// tags a person's language may take; now is the clock (nil: time.Now).
func New(db *store.DB, v Sealer, dir Directory, languages []string, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, vault: v, dir: dir, languages: slices.Clone(languages), now: now}
}

const timeFormat = "2006-01-02T15:04:05.000Z"

func (s *Service) stamp() string { return s.now().UTC().Format(timeFormat) }

func errNotFound() error { return problem.New("cases.error.notFound", nil) }
func errConflict() error { return problem.New("cases.error.conflict", nil) }

// caseData is what is sealed in cases.data.
type caseData struct {
	Person    Person        `json:"person"`
	Situation SituationForm `json:"situation"`
}

// Create validates the person and opens a case owned by the scope's
// organisation, in a transaction that holds the data key first (Sealer).
func (s *Service) Create(ctx context.Context, sc Scope, userID int64, p Person) (*Case, error) {
	p, err := s.checkPerson(p)
	if err != nil {
		return nil, err
	}
	now := s.stamp()
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		// Sealed after the hold: the key it seals with is then the one held.
		sealed, err := s.seal(caseData{Person: p})
		if err != nil {
			return err
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		return tx.QueryRowContext(ctx, `INSERT INTO cases (org, data, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			sc.Org, sealed, userID, now, now).Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("create case: %w", err)
	}
	return s.Get(ctx, sc, id)
}

// Get returns a case of the scope with its evaluation today and its
// referrals. A case of another scope is "not found": its existence is not
// revealed either.
func (s *Service) Get(ctx context.Context, sc Scope, id int64) (*Case, error) {
	c, data, err := s.load(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	c.Person, c.Situation = data.Person, data.Situation
	if sit, ok := data.Situation.situation(); ok {
		ev := residency.Evaluate(sit, s.now())
		c.Evaluation = &ev
	}
	if c.Referrals, err = s.referrals(ctx, id); err != nil {
		return nil, err
	}
	return c, nil
}

// List returns the cases of the scope, most recently changed first.
func (s *Service) List(ctx context.Context, sc Scope) ([]Summary, error) {
	out := []Summary{}
	err := s.each(ctx, sc, func(c *Case, d caseData) error {
		out = append(out, Summary{ID: c.ID, Name: d.Person.Name, UpdatedAt: c.UpdatedAt})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Summary) int { return strings.Compare(b.UpdatedAt, a.UpdatedAt) })
	return out, nil
}

// each calls fn for every case of the scope, opened.
func (s *Service) each(ctx context.Context, sc Scope, fn func(*Case, caseData) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, org, data, created_at, updated_at FROM cases WHERE org = ? ORDER BY id`, sc.Org)
	if err != nil {
		return fmt.Errorf("list cases: %w", err)
	}
	type row struct {
		c      Case
		sealed []byte
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.c.ID, &r.c.Org, &r.sealed, &r.c.CreatedAt, &r.c.UpdatedAt); err != nil {
			rows.Close()
			return fmt.Errorf("list cases: %w", err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list cases: %w", err)
	}
	for _, r := range all {
		d, err := s.open(r.sealed)
		if err != nil {
			return fmt.Errorf("open case %d: %w", r.c.ID, err)
		}
		if err := fn(&r.c, d); err != nil {
			return err
		}
	}
	return nil
}

// SavePerson validates and replaces the person's details. version is the
// case's version the change was made from (0: do not check).
func (s *Service) SavePerson(ctx context.Context, sc Scope, id, version int64, p Person) (*Case, error) {
	p, err := s.checkPerson(p)
	if err != nil {
		return nil, err
	}
	if err := s.change(ctx, sc, id, version, func(d *caseData) { d.Person = p }); err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, id)
}

// SaveSituation validates the situation form (its own rules, then
// residency's) and stores it; nothing is stored on any problem. version as
// for SavePerson.
func (s *Service) SaveSituation(ctx context.Context, sc Scope, id, version int64, f SituationForm) (*Case, error) {
	f, err := f.check(s.now())
	if err != nil {
		return nil, err
	}
	if err := s.change(ctx, sc, id, version, func(d *caseData) { d.Situation = f }); err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, id)
}

// change reads the case locked until the transaction ends (store.LockRows:
// a second desk's change waits, then reads the case as this one left it),
// refuses it when version (0: none) is not the case's, lets fn change what
// is sealed and writes it back over the version read only. The data key is
// held first, before the row lock (Sealer).
func (s *Service) change(ctx context.Context, sc Scope, id, version int64, fn func(*caseData)) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Hold(ctx, tx); err != nil {
			return err
		}
		c, d, err := s.loadFor(ctx, tx, sc, id, s.db.LockRows())
		if err != nil {
			return err
		}
		if version != 0 && version != c.Version {
			return errConflict()
		}
		fn(&d)
		sealed, err := s.seal(d)
		if err != nil {
			return fmt.Errorf("change case %d: %w", id, err)
		}
		if s.beforeWrite != nil {
			s.beforeWrite()
		}
		res, err := tx.ExecContext(ctx, `UPDATE cases SET data = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sealed, s.stamp(), id, c.Version)
		return versionWritten(res, err, "change case %d", id)
	})
}

// versionWritten is the outcome of an UPDATE of one row made over the
// version read: cases.error.conflict when no row had that version still.
func versionWritten(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	if n == 0 {
		return errConflict()
	}
	return nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Service) load(ctx context.Context, q querier, sc Scope, id int64) (*Case, caseData, error) {
	return s.loadFor(ctx, q, sc, id, "")
}

// loadFor is load with a clause after the query (store.LockRows).
func (s *Service) loadFor(ctx context.Context, q querier, sc Scope, id int64, lock string) (*Case, caseData, error) {
	c := &Case{}
	var sealed []byte
	err := q.QueryRowContext(ctx, `SELECT id, org, data, created_at, updated_at, version FROM cases WHERE id = ? AND org = ?`+lock, id, sc.Org).
		Scan(&c.ID, &c.Org, &sealed, &c.CreatedAt, &c.UpdatedAt, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, caseData{}, errNotFound()
	}
	if err != nil {
		return nil, caseData{}, fmt.Errorf("load case %d: %w", id, err)
	}
	d, err := s.open(sealed)
	if err != nil {
		return nil, caseData{}, fmt.Errorf("open case %d: %w", id, err)
	}
	return c, d, nil
}

func (s *Service) seal(v any) ([]byte, error) {
	return vault.SealJSON(s.vault, v)
}

func (s *Service) open(sealed []byte) (caseData, error) {
	var d caseData
	err := vault.OpenJSON(s.vault, sealed, &d)
	return d, err
}

// checkPerson cleans and checks the person's details, one problem per
// field: the name is one line, contact and notes several (text areas).
func (s *Service) checkPerson(p Person) (Person, error) {
	var probs problem.List
	p.Name = text(&probs, "name", p.Name, freetext.Line, maxName, true)
	p.Language = strings.TrimSpace(p.Language)
	if p.Language == "" {
		probs.Add(problem.OnField("language", "cases.person.language.error.required", nil))
	} else if !slices.Contains(s.languages, p.Language) {
		probs.Add(problem.OnField("language", "cases.person.language.error.unknown", nil))
	}
	p.Contact = text(&probs, "contact", p.Contact, freetext.Lines, maxContact, false)
	p.Notes = text(&probs, "notes", p.Notes, freetext.Lines, maxNotes, false)
	return p, probs.Err()
}

// text cleans one free-text field by the shared rule (kind: one line or
// several) and checks it: filled in when required, not too long, nothing
// the rule refuses (control, invisible or unreadable characters), and no
// Individual Number. It returns the cleaned text, to be stored only when
// no problem was added.
func text(probs *problem.List, field, v string, kind freetext.Kind, max int, required bool) string {
	v, fault := freetext.Clean(v, kind)
	switch {
	case required && v == "":
		probs.Add(problem.OnField(field, "cases.error.required", nil))
	case utf8.RuneCountInString(v) > max:
		probs.Add(problem.OnField(field, "cases.error.tooLong", map[string]any{"Max": max}))
	case fault != freetext.OK:
		probs.Add(fault.Problem(field))
	case individualNumber.MatchString(halfWidthDigits(v)):
		probs.Add(problem.OnField(field, "cases.error.individualNumber", nil))
	}
	return v
}

// halfWidthDigits turns full-width digits and hyphens into ASCII, so the
// Individual Number check sees "１２３４" as "1234".
func halfWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－' || r == '‐' || r == 'ー' || r == '　':
			if r == '　' {
				return ' '
			}
			return '-'
		}
		return r
	}, s)
}
