package desk

import (
	"context"
	"errors"
	"fmt"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/cases"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/lostcard"
	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// Tables lists every package's migrations, in the order they are applied.
var Tables = []store.Migrations{auth.Migrations, intake.Migrations, vault.Migrations, audit.Migrations, lostcard.Migrations, orgs.Migrations, cases.Migrations}

// Resealers lists every package's vault.Resealer: the data key's Setup and
// Rotate must re-seal (and refile) every package's values, or a value left
// under the retired key could never be read again.
var Resealers = []vault.Resealer{intake.Reseal, lostcard.Reseal, cases.Reseal, audit.Reseal}

// Wire opens the database (deps.Database, else the file in deps.DataDir) and its vault (through kr, nil
// for none), and gives deps every service over them: what the window does
// at start, before the sign-in screen can be used. A database or vault
// that cannot be opened becomes deps.Fatal, so the window can explain it.
// The caller closes the returned database; nil when none was opened.
func Wire(ctx context.Context, deps *Deps, kr vault.Keyring) *store.DB {
	db, err := OpenStore(ctx, store.Location{DataDir: deps.DataDir, DatabaseURL: deps.Database})
	if err != nil {
		deps.Log.Error("open database", "err", err)
		deps.Fatal = err
		return nil
	}
	v, err := vault.Open(ctx, db, kr)
	if err != nil {
		deps.Log.Error("open vault", "err", err)
		deps.Fatal = err
		return db
	}
	languages := LanguageTags(deps.Catalog)
	deps.Vault = v
	deps.Resealers = Resealers
	deps.Auth = auth.New(db, nil)
	deps.Intake = intake.New(db, v, languages, nil)
	deps.LostCard = lostcard.New(db, v, languages, nil)
	deps.Audit = audit.New(db, v, nil)
	deps.Orgs = orgs.New(db, nil)
	deps.Cases = cases.New(db, v, deps.Orgs, languages, nil)
	return db
}

// LanguageTags are the catalog's languages: the applicant languages intake
// and the other services accept.
func LanguageTags(c *i18n.Catalog) []string {
	var tags []string
	for _, l := range c.Languages() {
		tags = append(tags, l.Tag)
	}
	return tags
}

// OpenStore opens the database at loc and brings its tables up to date.
// Failures come back as problems the operator can act on; the database is
// never replaced or reset.
func OpenStore(ctx context.Context, loc store.Location) (*store.DB, error) {
	db, err := loc.Open(ctx)
	if err != nil {
		return nil, storeProblem(loc, err)
	}
	if err := db.Migrate(ctx, Tables...); err != nil {
		db.Close()
		return nil, storeProblem(loc, err)
	}
	return db, nil
}

func storeProblem(loc store.Location, err error) error {
	args := map[string]any{"Path": loc.Name()}
	switch {
	case errors.Is(err, store.ErrCorrupt):
		return errors.Join(problem.New("store.error.corrupt", args), err)
	case errors.Is(err, store.ErrNewerVersion):
		return errors.Join(problem.New("store.error.newerVersion", args), err)
	case errors.Is(err, store.ErrRestoring):
		return errors.Join(problem.New("store.error.restoring", args), err)
	case store.Unreachable(err):
		// A server, not a file: "check the free space of its folder"
		// would send the administrator to the wrong place.
		return errors.Join(problem.New("store.error.unreachable", args), err)
	}
	return errors.Join(problem.New("store.error.open", args), fmt.Errorf("open database: %w", err))
}
