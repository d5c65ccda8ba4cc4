package cli

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/desk"
	"madoguchi/app/intake"
	"madoguchi/app/store"
	"madoguchi/app/synth"
	"madoguchi/app/vault"
)

// seedBatch is how many applications one transaction of a seed writes:
// large enough that commits do not dominate, small enough that a killed
// seed loses little and other desks are not kept waiting long.
const seedBatch = 2000

// seedUsage is the seed command's usage line.
const seedUsage = "usage: madoguchi seed --synthetic N [--seed S]"

// runSeed runs `madoguchi seed --synthetic N [--seed S]`: N invented
// applicants for training, demonstrations and load tests, written through
// intake.Add (the desk's rules) with the audit entries the desk writes.
func runSeed(ctx context.Context, inv Invocation, env Env) error {
	n, seed, err := parseSeed(inv.Command[1:])
	if err != nil {
		return err
	}
	db, err := openDataDir(ctx, inv, env)
	if err != nil {
		return err
	}
	defer db.Close()
	// Before the data key: a refused seed must not set up a real database's.
	if ok, err := intake.SeedAllowed(ctx, db); err != nil {
		return err
	} else if !ok {
		return errors.New("this database holds real applications: seed only a new or training database (a --data-dir or --database of its own)")
	}
	v, err := seedVault(ctx, db, env)
	if err != nil {
		return err
	}
	svc := intake.New(db, v, desk.LanguageTags(env.Catalog), nil)
	gen := newSyntheticSource(seed, n, time.Now())
	log := audit.New(db, v, nil)
	return seedApplications(ctx, db, svc, log, v, n, gen, env.Stderr)
}

func parseSeed(args []string) (n int, seed int64, err error) {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	count := fs.String("synthetic", "", "number of synthetic applicants")
	fs.Int64Var(&seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 0, 0, errors.New(seedUsage)
	}
	n, err = strconv.Atoi(*count)
	if err != nil || n <= 0 {
		return 0, 0, fmt.Errorf("--synthetic needs a positive number\n%s", seedUsage)
	}
	return n, seed, nil
}

// seedVault opens the data key, setting it up with the data passphrase
// when the database is new, so a training database is encrypted like a
// real one.
func seedVault(ctx context.Context, db *store.DB, env Env) (*vault.Vault, error) {
	kr, err := vault.DefaultKeyring(env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi: no keyring:", err)
	}
	v, err := vault.Open(ctx, db, kr)
	if err != nil {
		return nil, err
	}
	switch v.State() {
	case vault.StateNeedsSetup:
		pass := readSecret(env, DataPassphraseEnv)
		if err := v.Setup(ctx, pass, desk.Resealers...); err != nil {
			return nil, err
		}
		return v, nil
	case vault.StateLocked:
		return openVault(ctx, db, env)
	}
	return v, nil
}

// applicantSource gives one invented application after another.
type applicantSource interface {
	Next() intake.Taken
}

// seedApplications writes n applications from src in transactions of
// seedBatch, with the audit entries the desk writes for each (created, one
// change a step, submitted, handed over), and a progress line on progress.
// One goroutine prepares (validates, seals, hashes) while this one writes;
// the blind-index terms are filed in sorted runs (intake.Bulk).
func seedApplications(ctx context.Context, db *store.DB, svc *intake.Service, log *audit.Log, v *vault.Vault,
	n int, src applicantSource, progress io.Writer) error {
	b, err := v.Blinder()
	if err != nil {
		return err
	}
	// One connection, tuned per engine (store.DB.BulkWrites): the seed
	// writes through one transaction at a time anyway.
	if err := db.BulkWrites(ctx, seedCacheKiB); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	prepared := make(chan seedItem, seedBatch)
	go prepareApplicants(ctx, svc, b, n, src, prepared)
	bulk, err := svc.Bulk(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	start := time.Now()
	var head audit.Entry // the newest entry committed
	for done := 0; done < n; {
		size := min(seedBatch, n-done)
		var last audit.Entry
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			var entries []audit.Entry
			for range size {
				item := <-prepared
				if item.err != nil {
					return item.err
				}
				id, err := bulk.Write(ctx, tx, item.p)
				if err != nil {
					return err
				}
				entries = append(entries, deskEntries(id, item.t)...)
			}
			written, err := log.AppendAll(ctx, tx, entries)
			if err != nil {
				return err
			}
			last = written[len(written)-1]
			return intake.MarkSynthetic(ctx, tx)
		})
		if err != nil {
			bulk.Discard()
			return fmt.Errorf("seed applicants %d to %d: %w", done+1, done+size, err)
		}
		if err := bulk.Committed(ctx); err != nil {
			return fmt.Errorf("seed applicants %d to %d: %w", done+1, done+size, err)
		}
		head = last
		done += size
		elapsed := time.Since(start)
		fmt.Fprintf(progress, "\rseeded %d of %d applicants (%.0f a second, %s)", done, n,
			float64(done)/elapsed.Seconds(), elapsed.Round(time.Second))
	}
	fmt.Fprintln(progress)
	if err := bulk.Finish(ctx); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return anchorSeed(db, head)
}

// anchorSeed anchors the audit trail at head, the newest entry the seed
// committed. An append anchors the head it finds, committed before it
// (app/audit anchor.go), so the seed's last transaction is never anchored
// by its own appends, and a seed done in one leaves a keyed trail with no
// anchor at all, which audit verify calls broken. A database with no
// anchor file (AnchorPath "") has nothing to write.
func anchorSeed(db *store.DB, head audit.Entry) error {
	path := audit.AnchorPath(db)
	if path == "" || head.Seq == 0 {
		return nil
	}
	rep := audit.Report{Entries: head.Seq, Intact: head.Seq, LastSeq: head.Seq, LastHash: head.Hash}
	if err := audit.WriteAnchor(strings.TrimSuffix(path, audit.AnchorSuffix), rep); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// seedCacheKiB is the page cache of a seed's SQLite connection: the seed's
// rows and audit entries go to the end of their tables, the held-back index
// terms (intake.Bulk) in term order, but each statement still walks the
// index from its root, and SQLite's default 2 MiB does not hold the upper
// levels of a large one.
const seedCacheKiB = 256 * 1024

// seedItem is one applicant prepared for writing, or why it could not be.
type seedItem struct {
	t   intake.Taken
	p   *intake.Prepared
	err error
}

// prepareApplicants sends n prepared applicants from src, stopping at the
// first that fails or when ctx ends.
func prepareApplicants(ctx context.Context, svc *intake.Service, b *vault.Blinder, n int, src applicantSource, out chan<- seedItem) {
	for range n {
		t := src.Next()
		p, err := svc.Prepare(b, t)
		select {
		case out <- seedItem{t: t, p: p, err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// deskEntries are the audit entries the desk writes while an application
// is taken: created, changed at each step and at submission, handed over.
func deskEntries(id int64, t intake.Taken) []audit.Entry {
	entry := func(action audit.Action, at time.Time) audit.Entry {
		return audit.Entry{At: at, UserID: t.UserID, Role: "counter", Action: action, RecordType: "application", RecordID: id}
	}
	out := []audit.Entry{entry(audit.Create, t.At)}
	for range t.Steps {
		out = append(out, entry(audit.Change, t.At))
	}
	if t.Submit {
		out = append(out, entry(audit.Change, t.At))
	}
	if t.HandedOver {
		out = append(out, entry(audit.Handover, t.HandedAt))
	}
	return out
}

// syntheticSource turns app/synth's applicants into applications taken over
// the past seedYears, oldest first, cards handed over weeks later.
type syntheticSource struct {
	gen   *synth.Generator
	first time.Time
	step  time.Duration // between two applications
	now   time.Time
}

// seedYears is the span the seeded applications were taken over.
const seedYears = 5

func newSyntheticSource(seed int64, n int, now time.Time) *syntheticSource {
	span := seedYears * 365 * 24 * time.Hour
	return &syntheticSource{gen: synth.New(synth.Config{Seed: uint64(seed), Now: now}),
		first: now.Add(-span), step: span / time.Duration(n), now: now}
}

func (s *syntheticSource) Next() intake.Taken {
	a := s.gen.Next()
	at := s.first.Add(time.Duration(a.Index) * s.step)
	steps := make([]intake.StepAnswers, len(a.Steps))
	for i, st := range a.Steps {
		steps[i] = intake.StepAnswers{Step: st.Step, Answers: intake.Answers(st.Answers)}
	}
	return intake.Taken{
		Steps:      steps,
		Submit:     a.Status == intake.StatusReady,
		HandedOver: a.HandedOver,
		At:         at,
		HandedAt:   handedAt(at, a.Index, s.now),
	}
}

// handedAt is three to six weeks after the application, never after now.
func handedAt(taken time.Time, index int, now time.Time) time.Time {
	t := taken.Add(time.Duration(21+index%21) * 24 * time.Hour)
	if t.After(now) {
		return now
	}
	return t
}
