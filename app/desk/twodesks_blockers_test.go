package desk

import (
	"context"
	"strings"
	"testing"

	"madoguchi/app/intake"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// skipOnKnownBlockers skips a whole-desk test on PostgreSQL while another
// package's SQL it needs is still SQLite-only (issue 15 moves each package
// in its own branch): the data passphrase's setup (vault's reseal of
// vault_record_keys by rowid) and a new application (intake's
// LastInsertId). It tries both on a database of its own and skips only on
// those very errors: anything else fails the test as it should. Delete it
// once both packages run on PostgreSQL.
func skipOnKnownBlockers(t *testing.T) {
	t.Helper()
	if testdb.Engine() != store.Postgres {
		return
	}
	ctx := context.Background()
	dir, url := testdb.Place(t)
	db, err := OpenStore(ctx, store.Location{DataDir: dir, DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	blocked := func(what string, err error, known string) {
		if err != nil && strings.Contains(err.Error(), known) {
			t.Skipf("blocked on PostgreSQL by %s: %v", what, err)
		}
	}
	blocked("app/vault (Setup reseals vault_record_keys by rowid)", v.Setup(ctx, passphrase, Resealers...), `column "rowid" does not exist`)
	_, err = intake.New(db, v, []string{"ja"}, nil).Start(ctx, 1)
	blocked("app/intake (Start reads LastInsertId)", err, "LastInsertId is not supported")
}
