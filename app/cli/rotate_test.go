package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"madoguchi/app/cases"
	"madoguchi/app/desk"
	"madoguchi/app/intake"
	"madoguchi/app/lostcard"
	"madoguchi/app/orgs"
	"madoguchi/app/vault"
)

// `vault rotate` re-seals every package's values: a case, a lost-card report
// and an application written before it still open afterwards, and the
// application is still found by search (its blind-index terms refiled).
// Before, the command passed only intake's and audit's resealers, and the
// cases and reports stayed under the erased key.
func TestRotateKeepsEveryPackagesRecords(t *testing.T) {
	ctx := context.Background()
	loc, at := testPlace(t)
	const pass = "office data passphrase"
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(ctx, pass); err != nil {
		t.Fatal(err)
	}
	langs := []string{"ja", "en"}
	scope := cases.Scope{Org: "issj"}
	c, err := cases.New(db, v, orgs.New(db, nil), langs, nil).Create(ctx, scope, 1, cases.Person{Name: "グエン・ティ・ラン", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := lostcard.New(db, v, langs, nil).Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	app, err := intake.New(db, v, langs, nil).Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := intake.New(db, v, langs, nil).Save(ctx, app.ID, "language", intake.Answers{"applicantLanguage": "ja"}); err != nil {
		t.Fatal(err)
	}
	if _, err := intake.New(db, v, langs, nil).Save(ctx, app.ID, "name", intake.Answers{"name": "山田 太郎"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	inv, _ := Parse(on(at, "vault", "rotate"))
	var out bytes.Buffer
	getenv := func(k string) string {
		if k == vault.KeyringEnv {
			return "none"
		}
		return ""
	}
	if code := Run(ctx, inv, Env{Stdin: strings.NewReader(pass + "\n"), Stdout: &out, Stderr: &out, Getenv: getenv}); code != 0 {
		t.Fatalf("vault rotate: exit %d\n%s", code, out.String())
	}

	db, err = desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err = vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, pass); err != nil {
		t.Fatal(err)
	}
	if _, err := cases.New(db, v, orgs.New(db, nil), langs, nil).Get(ctx, scope, c.ID); err != nil {
		t.Errorf("the case after rotation: %v", err)
	}
	if _, err := lostcard.New(db, v, langs, nil).Get(ctx, r.ID); err != nil {
		t.Errorf("the lost-card report after rotation: %v", err)
	}
	found, err := intake.New(db, v, langs, nil).Search(ctx, "山田", 0)
	if err != nil || len(found) != 1 {
		t.Errorf("search after rotation: %v, %v", found, err)
	}
}
