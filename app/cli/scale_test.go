package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/backup"
	"madoguchi/app/desk"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/synth"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// BenchmarkScale is what a clerk waits for at a city's scale: a database
// seeded with N synthetic applicants (madoguchi seed's own path), then each
// operation timed over many different inputs, reported as
// BenchmarkScale/<operation>/engine=<sqlite|postgres>/n=<N> with p50-ms,
// p95-ms and p99-ms (bytes/app for the size): each operation's lines on
// the two engines come one after the other. Each result line is one run of
// the operation's own loop: run with -benchtime=1x (make bench-scale).
//
// MADOGUCHI_SCALE lists the sizes (make bench-scale: 10000,100000; make
// bench-large: 1000000); without it the benchmark is skipped.
// MADOGUCHI_SCALE_ENGINES lists the engines (default sqlite; make
// bench-scale: sqlite,postgres, on the throwaway server build/pg.sh
// starts). Seeded databases are kept in MADOGUCHI_BENCH_DIR (default: the
// temporary directory) and reused by later runs of the same schema: the
// SQLite file itself, and for PostgreSQL a pg_dump of the seeded database
// that a later run restores into a new database on its server
// (scalePostgres).
func BenchmarkScale(b *testing.B) {
	sizes := scaleSizes(b)
	engines := scaleEngines(b)
	dbs := map[store.Engine]map[int]*scaleDB{}
	for _, e := range engines {
		dbs[e] = make(map[int]*scaleDB, len(sizes))
		for _, n := range sizes {
			dbs[e][n] = seededDB(b, e, n)
		}
	}
	defer func() {
		for _, byN := range dbs {
			for _, s := range byN {
				s.close()
			}
		}
	}()
	for _, op := range scaleOps {
		b.Run(op.name, func(b *testing.B) {
			for _, e := range engines {
				b.Run("engine="+e.String(), func(b *testing.B) {
					for _, n := range sizes {
						b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
							for b.Loop() {
								op.run(b, dbs[e][n])
							}
						})
					}
				})
			}
		})
	}
}

func scaleSizes(b *testing.B) []int {
	env := os.Getenv("MADOGUCHI_SCALE")
	if env == "" {
		b.Skip("MADOGUCHI_SCALE is not set: make bench-scale or make bench-large")
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("MADOGUCHI_SCALE=%q: sizes are positive numbers separated by commas", env)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// scaleEngines are the engines MADOGUCHI_SCALE_ENGINES lists (sqlite
// without it). PostgreSQL needs the server build/pg.sh starts.
func scaleEngines(b *testing.B) []store.Engine {
	env := os.Getenv("MADOGUCHI_SCALE_ENGINES")
	if env == "" {
		return []store.Engine{store.SQLite}
	}
	var out []store.Engine
	for _, f := range strings.Split(env, ",") {
		switch strings.TrimSpace(f) {
		case "sqlite":
			out = append(out, store.SQLite)
		case "postgres":
			if os.Getenv(testdb.ServerEnv) == "" {
				b.Fatalf("MADOGUCHI_SCALE_ENGINES=%s needs a server: run through build/pg.sh (make bench-scale does)", env)
			}
			out = append(out, store.Postgres)
		default:
			b.Fatalf("MADOGUCHI_SCALE_ENGINES=%q: engines are sqlite and postgres, separated by commas", env)
		}
	}
	return out
}

// scaleDB is one seeded database, open as the desk opens it.
type scaleDB struct {
	n       int
	loc     store.Location // the keyring is in loc.DataDir
	db      *store.DB
	vault   *vault.Vault
	intake  *intake.Service
	queries []scaleQuery // applicants of the seed, as staff would look them up
}

type scaleQuery struct {
	fullName, kanaPrefix, birthDate string
}

func (s *scaleDB) close() { s.db.Close() }

// The seed and its passphrase are fixed, so a kept database is reused.
const (
	scaleSeed       = 2026
	scalePassphrase = "scale benchmark passphrase"
	// scaleSchema names the kept databases: change it when the schema or
	// the seed changes, so that no stale database is measured.
	scaleSchema = "5"
)

func scaleKeyring(dir string) vault.Keyring {
	return vault.NewFileKeyring(filepath.Join(dir, "keyring"))
}

// seededDB opens (seeding it first if it is not kept) a database of n
// applicants on engine e.
func seededDB(b testing.TB, e store.Engine, n int) *scaleDB {
	b.Helper()
	ctx := context.Background()
	root := os.Getenv("MADOGUCHI_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "madoguchi-bench")
	}
	loc := store.Location{DataDir: filepath.Join(root, fmt.Sprintf("%s-schema%s-seed%d-n%d", e, scaleSchema, scaleSeed, n))}
	if e == store.Postgres {
		loc.DatabaseURL = testdb.NewURL(b)
	}
	done := filepath.Join(loc.DataDir, "seeded")
	if _, err := os.Stat(done); err == nil && e == store.Postgres {
		start := time.Now()
		pgTool(b, "pg_restore", loc.DatabaseURL, keptDump(loc), "", "--no-owner", "--exit-on-error")
		b.Logf("restored the kept PostgreSQL database of %d applicants in %s", n, time.Since(start).Round(time.Second))
	} else if err != nil {
		os.RemoveAll(loc.DataDir)
		start := time.Now()
		seedInto(b, loc, n)
		if e == store.Postgres {
			pgTool(b, "pg_dump", loc.DatabaseURL, "", keptDump(loc), "--format=custom", "--no-owner")
		}
		if err := os.WriteFile(done, []byte(time.Since(start).String()+"\n"), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d applicants on %s in %s", n, e, time.Since(start).Round(time.Second))
	}
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		b.Fatal(err)
	}
	if e == store.Postgres {
		// Restored or just written, the tables have no statistics and no
		// visibility map until autovacuum comes by, which it would do in the
		// middle of the measurements, on the same two cores, slowing both
		// engines' figures (seen: SQLite's kana search 2.8 → 10.5 ms p95 at
		// 100k). A server in use has been vacuumed: do it now.
		if _, err := db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	v, err := vault.Open(ctx, db, scaleKeyring(loc.DataDir))
	if err != nil || v.State() != vault.StateUnlocked {
		b.Fatalf("open the kept database's key: %v (%s)", err, v.State())
	}
	return &scaleDB{n: n, loc: loc, db: db, vault: v, intake: intake.New(db, v, nil, nil), queries: scaleQueries(b, n)}
}

// keptDump is where the pg_dump of a seeded PostgreSQL database is kept.
func keptDump(loc store.Location) string { return filepath.Join(loc.DataDir, "seeded.pgdump") }

// pgTool runs one of the server's client programs (pg_dump, pg_restore;
// build/pg.sh gives their folder) on the database at url, its standard
// input from the file in (if any), its standard output to the file out
// (if any): as root they run as the server's account, which may not open
// this account's files.
func pgTool(b testing.TB, name, url, in, out string, args ...string) {
	b.Helper()
	bin := os.Getenv("MADOGUCHI_TEST_PG_BIN")
	if bin == "" {
		b.Fatal("MADOGUCHI_TEST_PG_BIN is not set: run through build/pg.sh")
	}
	argv := append(strings.Fields(os.Getenv("MADOGUCHI_TEST_PG_AS")), filepath.Join(bin, name), "--dbname="+url)
	cmd := exec.Command(argv[0], append(argv[1:], args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	if out != "" {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd.Stdout = f
	}
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", name, err, stderr.String())
	}
}

func seedInto(b testing.TB, loc store.Location, n int) {
	ctx := context.Background()
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	v, err := vault.Open(ctx, db, scaleKeyring(loc.DataDir))
	if err != nil {
		b.Fatal(err)
	}
	if err := v.Setup(ctx, scalePassphrase); err != nil {
		b.Fatal(err)
	}
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	svc := intake.New(db, v, desk.LanguageTags(catalog), nil)
	src := newSyntheticSource(scaleSeed, n, time.Now())
	if err := seedApplications(ctx, db, svc, audit.New(db, v, nil), v, n, src, io.Discard); err != nil {
		b.Fatal(err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
}

// scaleQueries regenerates some of the seed's applicants (the generator is
// deterministic) and writes how staff would look each up.
func scaleQueries(b testing.TB, n int) []scaleQuery {
	gen := synth.New(synth.Config{Seed: scaleSeed, Now: time.Now()})
	rules := intake.Rules{Now: time.Now()}
	var out []scaleQuery
	for range min(n, 2000) {
		a := gen.Next()
		name, kana, birth := a.Answers("name"), a.Answers("kana"), a.Answers("birth")
		if name == nil || kana == nil || birth == nil {
			continue
		}
		date, probs := intake.Validate("birth", intake.Answers(birth), rules)
		if len(probs) > 0 {
			b.Fatalf("a seeded birth date does not validate: %v", probs)
		}
		// The reading as stored (half-width ﾀﾞ is one character there).
		normalised, probs := intake.Validate("kana", intake.Answers(kana), rules)
		if len(probs) > 0 {
			b.Fatalf("a seeded reading does not validate: %v", probs)
		}
		reading := []rune(strings.ReplaceAll(normalised["nameKana"], " ", ""))
		out = append(out, scaleQuery{
			fullName:   name["name"],
			kanaPrefix: string(reading[:min(3, len(reading))]),
			birthDate:  date["birthDate"],
		})
	}
	return out
}

// scaleOp is one operation measured at scale.
type scaleOp struct {
	name string
	run  func(b *testing.B, s *scaleDB)
}

// interactive is how many times an operation a clerk waits for is timed;
// heavy is for whole-database work (start-up, audit verify, backup).
const (
	interactive = 300
	heavy       = 5
)

var scaleOps = []scaleOp{
	{"search-full-name", func(b *testing.B, s *scaleDB) {
		timeEach(b, interactive, func(i int) { search(b, s, s.queries[i%len(s.queries)].fullName) })
	}},
	{"search-kana-prefix", func(b *testing.B, s *scaleDB) {
		timeEach(b, interactive, func(i int) { search(b, s, s.queries[i%len(s.queries)].kanaPrefix) })
	}},
	{"search-birth-date", func(b *testing.B, s *scaleDB) {
		timeEach(b, interactive, func(i int) { search(b, s, s.queries[i%len(s.queries)].birthDate) })
	}},
	{"similar-check", func(b *testing.B, s *scaleDB) {
		r := rand.New(rand.NewPCG(1, 2))
		timeEach(b, interactive, func(int) {
			if _, err := s.intake.Similar(context.Background(), 1+r.Int64N(int64(s.n))); err != nil {
				b.Fatal(err)
			}
		})
	}},
	{"open-application", func(b *testing.B, s *scaleDB) {
		r := rand.New(rand.NewPCG(3, 4))
		timeEach(b, interactive, func(int) {
			if _, err := s.intake.Get(context.Background(), 1+r.Int64N(int64(s.n))); err != nil {
				b.Fatal(err)
			}
		})
	}},
	{"startup-to-sign-in", func(b *testing.B, s *scaleDB) {
		timeEach(b, heavy, func(int) { startDesk(b, s.loc) })
	}},
	{"audit-verify", func(b *testing.B, s *scaleDB) {
		timeEach(b, heavy, func(int) {
			if r, err := audit.Verify(context.Background(), s.db); err != nil || !r.OK() {
				b.Fatalf("verify: %+v, %v", r, err)
			}
		})
	}},
	// What the window's audit screen checks: the entries since the last
	// whole check (a few desk actions here).
	{"audit-verify-since-checkpoint", func(b *testing.B, s *scaleDB) {
		ctx := context.Background()
		log := audit.New(s.db, s.vault, nil)
		if r, err := log.Verify(ctx); err != nil || !r.OK() { // leaves the checkpoint
			b.Fatalf("verify: %+v %+v, %v", r, r.Broken, err)
		}
		timeEach(b, interactive, func(int) {
			if _, err := log.Record(ctx, audit.Entry{UserID: 1, Role: "counter", Action: audit.SignIn}); err != nil {
				b.Fatal(err)
			}
			if r, err := log.VerifySinceCheckpoint(ctx); err != nil || !r.OK() || r.Walked > 1 {
				b.Fatalf("verify since the checkpoint: %+v, %v", r, err)
			}
		})
	}},
	// A desk's SQLite file: madoguchi backup. A shared database: pg_dump,
	// its backup (madoguchi backup refuses it), in its compressed format.
	{"backup", func(b *testing.B, s *scaleDB) {
		out := filepath.Join(b.TempDir(), "backup.madoguchi")
		timeEach(b, heavy, func(int) {
			if s.db.Engine == store.Postgres {
				pgTool(b, "pg_dump", s.loc.DatabaseURL, "", out, "--format=custom", "--no-owner")
			} else if err := backup.Write(context.Background(), s.db, out, scalePassphrase); err != nil {
				b.Fatal(err)
			}
			os.Remove(out)
		})
	}},
	{"size", func(b *testing.B, s *scaleDB) {
		total, err := s.db.Size(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(total)/float64(s.n), "bytes/app")
	}},
}

func search(b *testing.B, s *scaleDB, q string) {
	got, err := s.intake.Search(context.Background(), q, 50)
	if err != nil {
		b.Fatal(err)
	}
	if len(got) == 0 {
		b.Fatalf("search %q found nothing in a database seeded with it", q)
	}
}

// startDesk does what the window does before the sign-in screen can be
// used: load the catalog, open and check the database, open the key from
// the keyring, build the services, and answer Boot.
func startDesk(b *testing.B, loc store.Location) {
	ctx := context.Background()
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	deps := desk.Deps{Catalog: catalog, DataDir: loc.DataDir, Database: loc.DatabaseURL, Log: slog.New(slog.DiscardHandler)}
	db := desk.Wire(ctx, &deps, scaleKeyring(loc.DataDir))
	if deps.Fatal != nil {
		b.Fatal(deps.Fatal)
	}
	defer db.Close()
	if _, err := desk.New(deps).Boot(); err != nil {
		b.Fatal(err)
	}
}

// timeEach runs op count times and reports the 50th, 95th and 99th
// percentiles of its wall time in milliseconds.
func timeEach(b *testing.B, count int, op func(i int)) {
	b.Helper()
	took := make([]time.Duration, count)
	for i := range count {
		start := time.Now()
		op(i)
		took[i] = time.Since(start)
	}
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(count-1, int(p*float64(count)))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
