package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
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
	"madoguchi/app/synth"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// BenchmarkScale is what a clerk waits for at a city's scale: a database
// seeded with N synthetic applicants (madoguchi seed's own path), then each
// operation timed over many different inputs, reported as
// BenchmarkScale/<operation>/engine=sqlite/n=<N> with p50-ms, p95-ms and
// p99-ms (bytes/app for the size). Each result line is one run of the
// operation's own loop: run with -benchtime=1x (make bench-scale).
//
// MADOGUCHI_SCALE lists the sizes (make bench-scale: 10000,100000; make
// bench-large: 1000000); without it the benchmark is skipped. Seeded
// databases are kept in MADOGUCHI_BENCH_DIR (default: the temporary
// directory) and reused by later runs of the same schema.
func BenchmarkScale(b *testing.B) {
	sizes := scaleSizes(b)
	dbs := make(map[int]*scaleDB, len(sizes))
	for _, n := range sizes {
		dbs[n] = seededDB(b, n)
	}
	defer func() {
		for _, s := range dbs {
			s.close()
		}
	}()
	for _, op := range scaleOps {
		b.Run(op.name, func(b *testing.B) {
			b.Run("engine=sqlite", func(b *testing.B) {
				for _, n := range sizes {
					b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
						for b.Loop() {
							op.run(b, dbs[n])
						}
					})
				}
			})
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

// scaleDB is one seeded database, open as the desk opens it.
type scaleDB struct {
	n       int
	dir     string
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
	scaleSchema = "2"
)

func scaleKeyring(dir string) vault.Keyring {
	return vault.NewFileKeyring(filepath.Join(dir, "keyring"))
}

// seededDB opens (seeding it first if it is not kept) a database of n
// applicants.
func seededDB(b testing.TB, n int) *scaleDB {
	b.Helper()
	ctx := context.Background()
	root := os.Getenv("MADOGUCHI_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "madoguchi-bench")
	}
	dir := filepath.Join(root, fmt.Sprintf("sqlite-schema%s-seed%d-n%d", scaleSchema, scaleSeed, n))
	done := filepath.Join(dir, "seeded")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(dir)
		start := time.Now()
		seedInto(b, dir, n)
		if err := os.WriteFile(done, []byte(time.Since(start).String()+"\n"), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d applicants in %s", n, time.Since(start).Round(time.Second))
	}
	db, err := desk.OpenStore(ctx, store.Location{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	v, err := vault.Open(ctx, db, scaleKeyring(dir))
	if err != nil || v.State() != vault.StateUnlocked {
		b.Fatalf("open the kept database's key: %v (%s)", err, v.State())
	}
	return &scaleDB{n: n, dir: dir, db: db, vault: v, intake: intake.New(db, v, nil, nil), queries: scaleQueries(b, n)}
}

func seedInto(b testing.TB, dir string, n int) {
	ctx := context.Background()
	db, err := desk.OpenStore(ctx, store.Location{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	v, err := vault.Open(ctx, db, scaleKeyring(dir))
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
		timeEach(b, heavy, func(int) { startDesk(b, s.dir) })
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
			b.Fatalf("verify: %+v, %v", r, err)
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
	{"backup", func(b *testing.B, s *scaleDB) {
		out := filepath.Join(b.TempDir(), "backup.madoguchi")
		timeEach(b, heavy, func(int) {
			if err := backup.Write(context.Background(), s.db, out, scalePassphrase); err != nil {
				b.Fatal(err)
			}
			os.Remove(out)
		})
	}},
	{"size", func(b *testing.B, s *scaleDB) {
		var total int64
		for _, suffix := range []string{"", "-wal"} {
			if fi, err := os.Stat(s.db.Path + suffix); err == nil {
				total += fi.Size()
			}
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
func startDesk(b *testing.B, dir string) {
	ctx := context.Background()
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	deps := desk.Deps{Catalog: catalog, DataDir: dir, Log: slog.New(slog.DiscardHandler)}
	db := desk.Wire(ctx, &deps, scaleKeyring(dir))
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
