package intake

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// Desks of one office on one database, at once: what a shared PostgreSQL
// database has, and what SQLite's single writer used to make impossible.

// atOnce runs each of fns in its own goroutine, all released together once
// each has run its warm-up (a first query on a new connection takes longer
// than a whole save, and would leave the desks one after the other).
func atOnce(warm func(i int), fns ...func()) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i, fn := range fns {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			warm(i)
			ready.Done()
			<-start
			fn()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// Desks saving the same application at the same moment queue: each save
// builds on the one before (every version is used once), and the blind
// index holds exactly the terms of the answers that were saved last.
func TestDesksSavingAtOnceQueue(t *testing.T) {
	ctx := context.Background()
	s, p := newTestService(t)
	app := fillJP(t, s, 1)
	names := []string{"佐藤 花子", "鈴木 一郎", "高橋 次郎", "田中 三郎"}
	const saves = 10
	errs := make(chan error, len(names))
	var desks []*Service
	var fns []func()
	for _, name := range names {
		desk := New(openDB(t, p), s.vault, []string{"ja", "en"}, nil)
		desks = append(desks, desk)
		fns = append(fns, func() {
			for range saves {
				if _, err := desk.Save(ctx, app.ID, "name", Answers{"name": name}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	atOnce(func(i int) { desks[i].Get(ctx, app.ID) }, fns...)
	close(errs)
	for err := range errs {
		t.Errorf("a desk's save failed: %v", err)
	}
	got, err := s.Get(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := app.Version + int64(saves*len(names)); got.Version != want {
		t.Errorf("version %d after %d saves from version %d", got.Version, saves*len(names), app.Version)
	}
	b, _ := s.vault.Blinder()
	if filed, want := filedTerms(t, s.db, app.ID), termsOf(b, got.Answers); !slices.Equal(filed, want) {
		t.Errorf("filed %d terms, the saved answers (%s) make %d: a save built on answers another desk had replaced",
			len(filed), got.Answers["name"], len(want))
	}
}

// Two desks handing over the same card at once: one records it, the other
// is told it was already handed over.
func TestDesksHandingOverAtOnce(t *testing.T) {
	ctx := context.Background()
	s, p := newTestService(t)
	app := fillJP(t, s, 1)
	if _, err := s.Submit(ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	const n = 4
	errs := make([]error, n)
	var desks []*Service
	var fns []func()
	for i := range n {
		desk := New(openDB(t, p), s.vault, []string{"ja"}, nil)
		desks = append(desks, desk)
		fns = append(fns, func() { _, errs[i] = desk.RecordHandover(ctx, app.ID, HandoverInput{By: int64(i + 1)}, nil) })
	}
	atOnce(func(i int) { desks[i].Get(ctx, app.ID) }, fns...)
	recorded := 0
	for _, err := range errs {
		switch problemIDOf(err) {
		case "":
			recorded++
		case "intake.handover.error.already":
		default:
			t.Errorf("handover at the same moment: %v", err)
		}
	}
	if recorded != 1 {
		t.Errorf("%d desks recorded the handover, want 1", recorded)
	}
}

// Desks that find the index missing at once build it once between them.
func TestDesksBuildTheIndexAtOnce(t *testing.T) {
	ctx := context.Background()
	s, p := newTestService(t)
	a, b := fillJP(t, s, 1), fillJP(t, s, 2)
	if _, err := s.db.Exec(`DELETE FROM intake_terms; DELETE FROM intake_settings WHERE name = 'termsVersion'`); err != nil {
		t.Fatal(err)
	}
	built := make(chan int, 3)
	var desks []*Service
	var fns []func()
	for range 3 {
		desk := New(openDB(t, p), s.vault, []string{"ja"}, nil)
		desks = append(desks, desk)
		fns = append(fns, func() {
			n, err := desk.EnsureIndex(ctx)
			if err != nil {
				t.Errorf("EnsureIndex: %v", err)
			}
			built <- n
		})
	}
	atOnce(func(i int) { desks[i].Get(ctx, a.ID) }, fns...)
	close(built)
	total := 0
	for n := range built {
		total += n
	}
	if total != 2 {
		t.Errorf("the desks filed %d applications between them, want 2 (once each)", total)
	}
	if got := searchIDs(t, s, "やまだ"); !slices.Equal(got, []int64{b.ID, a.ID}) {
		t.Fatalf("search after the desks built the index: %v", got)
	}
}

// vaultDesk is one desk of a database with a real data key: its own handle
// and vault.
type vaultDesk struct {
	db *store.DB
	v  *vault.Vault
	s  *Service
}

func openVaultDesk(t *testing.T, p place) vaultDesk {
	t.Helper()
	db := testdb.OpenAt(t, p.dir, p.url)
	if err := db.Migrate(context.Background(), Migrations, vault.Migrations); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return vaultDesk{db: db, v: v, s: New(db, v, []string{"ja", "en"}, nil)}
}

// After another desk rotated the data key, a desk that still holds the
// retired key saves nothing under it: the save fails with
// vault.error.keyChanged, the application is as it was, and once the data
// is opened again with the passphrase the same save goes through.
func TestSaveAfterRotationOnAnotherDesk(t *testing.T) {
	ctx := context.Background()
	p := newPlace(t)
	const pass, newPass = "office data passphrase", "office data passphrase 2027"
	a := openVaultDesk(t, p)
	if err := a.v.Setup(ctx, pass, Reseal); err != nil {
		t.Fatal(err)
	}
	b := openVaultDesk(t, p)
	if err := b.v.Unlock(ctx, pass); err != nil {
		t.Fatal(err)
	}
	app := fillJP(t, b.s, 1)

	if err := a.v.Rotate(ctx, newPass, Reseal); err != nil {
		t.Fatal(err)
	}
	_, err := b.s.Save(ctx, app.ID, "name", Answers{"name": "佐藤 花子"})
	if problemIDOf(err) != "vault.error.keyChanged" || !errors.Is(err, vault.ErrKeyChanged) {
		t.Fatalf("save with the retired key: %v, want vault.error.keyChanged", err)
	}
	if b.v.State() != vault.StateLocked {
		t.Fatalf("desk 2 after the refused save: %v, want locked", b.v.State())
	}
	got, err := a.s.Get(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != app.Version || got.Answers["name"] != app.Answers["name"] {
		t.Fatalf("the refused save changed the application: version %d, name %q", got.Version, got.Answers["name"])
	}
	if _, err := b.s.Start(ctx, 1); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("start on the locked desk: %v, want ErrLocked", err)
	}

	// A desk that has not written since finds out on its first search,
	// rather than finding nothing.
	c := openVaultDesk(t, p)
	if err := c.v.Unlock(ctx, newPass); err != nil {
		t.Fatal(err)
	}
	d := openVaultDesk(t, p)
	if err := d.v.Unlock(ctx, newPass); err != nil {
		t.Fatal(err)
	}
	if err := c.v.Rotate(ctx, pass, Reseal); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.Search(ctx, "山田", 0); problemIDOf(err) != "vault.error.keyChanged" {
		t.Fatalf("search with the retired key: %v, want vault.error.keyChanged", err)
	}

	if err := b.v.Unlock(ctx, pass); err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.Save(ctx, app.ID, "name", Answers{"name": "佐藤 花子"}); err != nil {
		t.Fatalf("save after opening the data again: %v", err)
	}
	if got := searchIDs(t, c.s, "佐藤"); !slices.Equal(got, []int64{app.ID}) {
		t.Fatalf("the rotating desk's search after the save: %v", got)
	}
}
