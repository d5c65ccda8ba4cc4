package intake

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/vault"
)

const conflictChildEnv = "MADOGUCHI_CONFLICT_CHILD"

// TestConflictChild is the other desk of TestTwoDesksDoNotOverwrite: a
// second process that changes the application's name once and exits.
func TestConflictChild(t *testing.T) {
	spec := os.Getenv(conflictChildEnv)
	if spec == "" {
		t.Skip("child process of TestTwoDesksDoNotOverwrite")
	}
	f := strings.Split(spec, "\n") // id, data folder, database URL ("" for SQLite)
	if len(f) != 3 {
		t.Fatalf("%s = %q", conflictChildEnv, spec)
	}
	id, _ := strconv.ParseInt(f[0], 10, 64)
	ctx := context.Background()
	db, err := store.OpenDatabase(ctx, f[1], f[2])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := New(db, vault.New(), []string{"ja"}, nil)
	app, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.At(app.Version).Save(ctx, id, "name", Answers{"name": "別窓口 花子"}); err != nil {
		t.Fatal(err)
	}
}

// TestTwoDesksDoNotOverwrite: this process opens an application, another
// process changes it, and this process's save from the older screen is
// refused with a conflict; the other desk's change stays.
func TestTwoDesksDoNotOverwrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	p := newPlace(t)
	s := New(openDB(t, p), vault.New(), []string{"ja"}, nil)
	app, err := s.Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	app = mustSave(t, s, app.ID, "language", Answers{"applicantLanguage": "ja"})
	onScreen := app.Version

	child := exec.Command(os.Args[0], "-test.run=^TestConflictChild$", "-test.count=1")
	child.Env = append(os.Environ(), conflictChildEnv+"="+strings.Join([]string{strconv.FormatInt(app.ID, 10), p.dir, p.url}, "\n"))
	if out, err := child.CombinedOutput(); err != nil {
		t.Fatalf("other desk: %v\n%s", err, out)
	}

	_, err = s.At(onScreen).Save(ctx, app.ID, "name", Answers{"name": "上書き 太郎"})
	wantProblem(t, err, "intake.error.conflict")
	got, err := s.Get(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers["name"] != "別窓口 花子" || got.Version != onScreen+1 {
		t.Errorf("after the conflict: name %q version %d; want the other desk's name at version %d", got.Answers["name"], got.Version, onScreen+1)
	}
	if _, err := s.At(got.Version).Save(ctx, app.ID, "name", Answers{"name": "上書き 太郎"}); err != nil {
		t.Errorf("save from the fresh version: %v", err)
	}
}
