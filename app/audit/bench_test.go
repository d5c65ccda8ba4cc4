package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// benchSeedVersion names what benchEntry writes: change it with benchEntry,
// so that a file cached by an older benchmark is not reused.
const benchSeedVersion = 2 // 2: keyed entries (benchVault)

// benchEntry is the i-th entry of a city office's trail: mostly reads and
// changes of applications by some forty staff, sign-ins and sign-outs, a
// print and a handover per application, and a supervisor's override with
// a reason once in fifty entries.
func benchEntry(i int) Entry {
	user := int64(1 + (i/97)%40)
	app := Entry{UserID: user, Role: "counter", RecordType: "application", RecordID: int64(1 + i/8)}
	switch i % 50 {
	case 0:
		return Entry{UserID: user, Role: "counter", Action: SignIn}
	case 49:
		return Entry{UserID: user, Role: "counter", Action: SignOut}
	case 25:
		app.Role, app.Action, app.Reason = "supervisor", Override, fmt.Sprintf("本人確認書類で旧姓を確認した (%d)", i)
		return app
	}
	app.Action = [...]Action{Create, Change, Read, Change, Read, Print, Handover, Change}[i%8]
	return app
}

// seededFile returns a database file holding n entries appended through
// Append, 10,000 to a transaction, one entry every 20 seconds. It is made
// once and kept in os.TempDir(), named by n and by a digest of the
// migrations and benchSeedVersion, so repeated runs reuse it; callers copy
// it before writing to it (benchDB).
func seededFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("madoguchi-audit-bench-%s-n%d.db", benchSchemaKey(b), n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := filepath.Join(b.TempDir(), store.FileName)
	ctx := context.Background()
	db, err := store.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	l := New(db, benchVault{vault.NewPlain()}, func() time.Time { at = at.Add(20 * time.Second); return at })
	const perTx = 10_000
	for done := 0; done < n; done += perTx {
		appendBench(b, l, done, min(perTx, n-done))
	}
	if err := db.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	db.Close()
	// Copied under a temporary name and renamed, so an interrupted run
	// leaves no half-made file to be reused.
	if err := copyDBFile(tmp, path+".part"); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(path+".part", path); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d entries into %s in %v", n, path, time.Since(start).Round(time.Millisecond))
	return path
}

// benchSchemaKey digests the migrations the seeded file was made with and
// benchSeedVersion.
func benchSchemaKey(b *testing.B) string {
	h := sha256.New()
	fmt.Fprintf(h, "seed %d\n", benchSeedVersion)
	err := fs.WalkDir(migrationFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(migrationFiles, p)
		fmt.Fprintf(h, "%s %d\n", p, len(data))
		h.Write(data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// benchDB opens a copy of the seeded file of n entries, to write to freely.
func benchDB(b *testing.B, n int) *store.DB {
	b.Helper()
	src := seededFile(b, n)
	dst := filepath.Join(b.TempDir(), store.FileName)
	if err := copyDBFile(src, dst); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dst)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		b.Fatal(err)
	}
	// The seeded file is kept without its anchor: anchor the copy.
	rep, err := Verify(ctx, db)
	if err == nil {
		err = WriteAnchor(dst, rep)
	}
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func copyDBFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// largeBench reports whether the 1,000,000-entry runs were asked for: by
// MADOGUCHI_BENCH_LARGE=1 or by naming them in -bench.
func largeBench() bool {
	if os.Getenv("MADOGUCHI_BENCH_LARGE") == "1" {
		return true
	}
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), "1000000")
}

// BenchmarkAuditSize reports what the trail costs on disk: bytes per entry
// of the audit_log table and of each of its indexes (dbstat, after VACUUM),
// over 100,000 entries of benchEntry.
//
//	go test -run '^$' -bench AuditSize ./app/audit
func BenchmarkAuditSize(b *testing.B) {
	const n = 100_000
	db := benchDB(b, n)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
		b.Fatal(err)
	}
	var sizes map[string]int64
	for b.Loop() {
		var err error
		if sizes, err = auditSizes(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	var total int64
	for name, size := range sizes {
		total += size
		b.ReportMetric(float64(size)/n, name+"-bytes/entry")
	}
	b.ReportMetric(float64(total)/n, "bytes/entry")
}

// auditSizes is the bytes of pages (used or not) of audit_log and of each
// of its indexes.
func auditSizes(ctx context.Context, db *store.DB) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT s.name, SUM(s.pgsize) FROM dbstat s
		JOIN sqlite_master m ON m.name = s.name WHERE m.tbl_name = 'audit_log' GROUP BY s.name`)
	if err != nil {
		return nil, fmt.Errorf("audit sizes: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var size int64
		if err := rows.Scan(&name, &size); err != nil {
			return nil, fmt.Errorf("audit sizes: %w", err)
		}
		out[name] = size
	}
	return out, rows.Err()
}

// BenchmarkVerify times a whole verification (Verify, what `madoguchi audit
// verify` runs) of 100,000 entries, and of 1,000,000 when asked (see
// largeBench), and a verification from the checkpoint (the window's check)
// after sinceCheck more entries were appended.
//
//	go test -run '^$' -bench Verify ./app/audit
//	MADOGUCHI_BENCH_LARGE=1 go test -run '^$' -bench Verify ./app/audit
//	go test -run '^$' -bench 'Verify/n=1000000' ./app/audit
func BenchmarkVerify(b *testing.B) {
	const sinceCheck = 1_000 // entries between two checks: a busy morning at a counter
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			if n > 100_000 && !largeBench() {
				b.Skip("set MADOGUCHI_BENCH_LARGE=1 or name n=1000000 in -bench")
			}
			db := benchDB(b, n)
			ctx := context.Background()
			l := New(db, benchVault{vault.NewPlain()}, nil)
			if rep, err := l.Verify(ctx); err != nil || !rep.OK() { // leaves the checkpoint
				b.Fatalf("%+v, %v", rep, err)
			}
			var full, since time.Duration
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				rep, err := Check{Key: benchKey, Anchor: AnchorPath(db)}.Verify(ctx, db) // as audit verify
				full += time.Since(start)
				if err != nil || !rep.OK() || rep.Entries != int64(n+i*sinceCheck) {
					b.Fatalf("whole: %+v, %v", rep, err)
				}
				appendBench(b, l, n+i*sinceCheck, sinceCheck)
				start = time.Now()
				rep, err = l.VerifySinceCheckpoint(ctx)
				since += time.Since(start)
				if err != nil || !rep.OK() || rep.Walked != sinceCheck {
					b.Fatalf("since the checkpoint: %+v, %v", rep, err)
				}
			}
			b.ReportMetric(float64(full.Microseconds())/1000/float64(b.N), "full-ms/verify")
			b.ReportMetric(float64(since.Microseconds())/1000/float64(b.N), "since-checkpoint-ms/verify")
		})
	}
}

// benchVault keys the chain under a fixed key, so the benchmark's entries
// carry MACs and its verification checks them, as a set-up vault's do.
type benchVault struct{ *vault.Vault }

var benchKey = []byte("madoguchi audit benchmark key, 32")

func (benchVault) AuditKey() ([]byte, error) { return benchKey, nil }

// appendBench appends the entries from of benchEntry, count of them, in one
// transaction.
func appendBench(b *testing.B, l *Log, from, count int) {
	b.Helper()
	ctx := context.Background()
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := from; i < from+count; i++ {
			if _, err := l.Append(ctx, tx, benchEntry(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
