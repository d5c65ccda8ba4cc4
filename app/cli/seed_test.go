package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"madoguchi/app/desk"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// seed runs `madoguchi seed` on the database the global flags at name
// (testPlace) with the given arguments.
func seed(t *testing.T, at []string, args ...string) (int, string) {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(on(at, append([]string{"seed"}, args...)...))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	getenv := func(k string) string {
		switch k {
		case vault.KeyringEnv:
			return "none"
		case DataPassphraseEnv:
			return "seed test passphrase"
		}
		return ""
	}
	code := Run(context.Background(), inv, Env{Stdout: &out, Stderr: &out, Getenv: getenv, Catalog: cat})
	return code, out.String()
}

// cliRunEnv runs a command on the database at (testPlace) without a
// keyring, the data passphrase in the environment.
func cliRunEnv(t *testing.T, at []string, pass string, args ...string) (int, string) {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(on(at, args...))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	getenv := func(k string) string {
		switch k {
		case vault.KeyringEnv:
			return "none"
		case DataPassphraseEnv:
			return pass
		}
		return ""
	}
	code := Run(context.Background(), inv, Env{Stdout: &out, Stderr: &out, Getenv: getenv, Catalog: cat})
	return code, out.String()
}

func TestSeedFillsANewDatabase(t *testing.T) {
	loc, at := testPlace(t)
	if code, out := seed(t, at, "--synthetic", "300", "--seed", "3"); code != 0 || !strings.Contains(out, "seeded 300 of 300") {
		t.Fatalf("seed a new database: exit %d\n%s", code, out)
	}
	// The seed leaves the audit trail whole and anchored, even when it
	// wrote it in one transaction (which anchors no earlier head).
	if code, out := cliRunEnv(t, at, "seed test passphrase", "audit", "verify"); code != 0 || !strings.Contains(out, "chain correctly") {
		t.Fatalf("audit verify after the seed: exit %d\n%s", code, out)
	}
	// A training database takes more.
	if code, out := seed(t, at, "--synthetic", "20"); code != 0 {
		t.Fatalf("seed a synthetic database again: exit %d\n%s", code, out)
	}
	ctx := context.Background()
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, "seed test passphrase"); err != nil {
		t.Fatal(err)
	}
	var apps, drafts, handedOver, entries int
	err = db.QueryRow(`SELECT (SELECT COUNT(*) FROM intake_applications),
	                          (SELECT COUNT(*) FROM intake_applications WHERE status = 'draft'),
	                          (SELECT COUNT(*) FROM intake_handovers),
	                          (SELECT COUNT(*) FROM audit_log)`).Scan(&apps, &drafts, &handedOver, &entries)
	if err != nil {
		t.Fatal(err)
	}
	if apps != 320 || drafts == 0 || handedOver == 0 || entries < 320*8 {
		t.Fatalf("%d applications (%d drafts, %d handed over), %d audit entries", apps, drafts, handedOver, entries)
	}
	svc := intake.New(db, v, nil, nil)
	app, err := svc.Get(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	found, err := svc.Search(ctx, app.Answers["name"], 0)
	if err != nil || len(found) == 0 {
		t.Fatalf("search the first seeded name %q: %v, %v", app.Answers["name"], found, err)
	}
}

// A database holding real applications is never mixed with invented ones.
func TestSeedRefusesRealApplications(t *testing.T) {
	loc, at := testPlace(t)
	ctx := context.Background()
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := intake.New(db, vault.NewPlain(), nil, nil).Start(ctx, 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out := seed(t, at, "--synthetic", "10")
	if code == 0 || !strings.Contains(out, "real applications") {
		t.Fatalf("seed over a real application: exit %d\n%s", code, out)
	}
	db, err = desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var apps, keys int
	if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM intake_applications), (SELECT COUNT(*) FROM vault_keys)`).Scan(&apps, &keys); err != nil {
		t.Fatal(err)
	}
	if apps != 1 || keys != 0 {
		t.Fatalf("a refused seed left %d applications and %d data keys, want 1 and none", apps, keys)
	}
}

func TestSeedUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"--synthetic"}, {"--synthetic", "0"}, {"--synthetic", "ten"}, {"--synthetic", "5", "extra"}} {
		if code, out := seed(t, []string{"--data-dir", t.TempDir()}, args...); code == 0 || !strings.Contains(out, "madoguchi seed --synthetic N") {
			t.Errorf("seed %v: exit %d\n%s", args, code, out)
		}
	}
}
