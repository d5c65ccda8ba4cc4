package desk

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"madoguchi/app/audit"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// A shared database is backed up with pg_dump and restored with the
// server's tools (docs/deployment.md): the restored database opens on a desk
// with the data passphrase, holds the application as it was, its
// Individual Number included, and its audit trail checks out whole with the
// data key. TestNoPlaintextAtRest shows the dump itself is sealed.
func TestPgDumpRestoresOnADesk(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("pg_dump is the backup of a shared PostgreSQL database; SQLite has madoguchi backup")
	}
	ctx := context.Background()
	loc := testLocation(t)
	d, _, id := protectedApplication(t, loc)
	before, err := d.GetApplication(id)
	if err != nil {
		t.Fatal(err)
	}

	restored := store.Location{DataDir: t.TempDir(), DatabaseURL: testdb.NewURL(t)}
	psql(t, restored.DatabaseURL, pgDump(t, loc.DatabaseURL))

	// Another PC: no keyring, so the data is opened with the passphrase.
	r, db := newProtectedDesk(t, restored)
	if got := protectionOf(t, r); got != "locked" {
		t.Fatalf("the restored database on a new desk: protection %q, want locked", got)
	}
	if err := r.UnlockData(passphrase); err != nil {
		t.Fatalf("open the restored data: %v", err)
	}
	if _, err := r.SignIn("counter1", pw); err != nil {
		t.Fatalf("sign in on the restored database: %v", err)
	}
	after, err := r.GetApplication(id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Answers["name"] != before.Answers["name"] || after.Version != before.Version || after.Number == nil {
		t.Errorf("restored application: %+v, want %+v", after, before)
	}
	if n, err := r.RevealNumber(id); err != nil || strings.ReplaceAll(n, " ", "") != secretNumber {
		t.Errorf("the restored number: %q, %v", n, err)
	}
	// New entries follow the restored ones, and the chain is whole.
	if _, err := r.StartApplication(); err != nil {
		t.Fatal(err)
	}
	key, err := r.Vault.AuditKey()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := audit.Check{Key: key}.Verify(ctx, db)
	if err != nil || rep.Broken != nil {
		t.Fatalf("audit trail of the restored database: %+v, %v", rep, err)
	}
}

// psql runs the SQL of a plain dump into the database at databaseURL,
// stopping at the first error, as the server's account when the tests run
// as root (build/pg.sh).
func psql(t *testing.T, databaseURL string, dump []byte) {
	t.Helper()
	args := append(strings.Fields(os.Getenv("MADOGUCHI_TEST_PG_AS")),
		filepath.Join(os.Getenv("MADOGUCHI_TEST_PG_BIN"), "psql"), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname="+databaseURL)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(dump)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
}
