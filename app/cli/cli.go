// Package cli parses Madoguchi's command line and runs its subcommands (version, db check, db migrate, ...).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/desk"
	"madoguchi/app/freetext"
	"madoguchi/app/i18n"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/store"
)

// Invocation is a parsed command line.
type Invocation struct {
	DataDirFlag  string   // --data-dir, "" if not given
	DatabaseFlag string   // --database, "" if not given
	Command      []string // e.g. ["db", "check"]; empty opens the window
}

// Parse reads the global flags and the subcommand. Flags it does not know
// are an error, except when no subcommand is given: then the window opens
// and the Wails runtime reads its own development flags.
func Parse(args []string) (Invocation, error) {
	fs := flag.NewFlagSet("madoguchi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var inv Invocation
	fs.StringVar(&inv.DataDirFlag, "data-dir", "", "directory of the database")
	fs.StringVar(&inv.DatabaseFlag, "database", "", "an office's shared PostgreSQL database")
	if err := fs.Parse(args); err != nil {
		return inv, fmt.Errorf("%w\n%s", err, usage)
	}
	inv.Command = fs.Args()
	return inv, nil
}

const usage = `usage: madoguchi [--data-dir DIR] [--database postgres://...] [command]

commands:
  (none)        open the Madoguchi window
  version       print the version
  db check      check the whole database file (every page, row and index; takes longer as data
                grows) and its table versions
  db migrate    bring the database's tables up to date
  card ...      card readers, status, read, virtual (madoguchi card for details)
  audit verify [--full]
                check the audit trail's whole hash chain; prints the first broken link
  audit export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action A]
                the audit trail as CSV (UTF-8 with BOM, for Excel) on standard output
  backup FILE   write an encrypted copy of the database (passphrase on standard input or
                $MADOGUCHI_BACKUP_PASSPHRASE); other desks may keep working
  restore FILE  check a backup (passphrase, integrity, table versions, audit chain) and put it in
                place of the database, keeping the current one beside it; refused while any
                Madoguchi window or command has this data folder's database open
  vault status  whether the data key is set up, and whether this PC's keyring holds it
  vault rotate  make a new data key and re-encrypt everything under it (data passphrase on standard
                input or $MADOGUCHI_DATA_PASSPHRASE); desks still open are told to open the data again
  retention run destroy the Individual Numbers whose retention period has ended (the window does
                this every hour); each destruction leaves a record in the audit trail
  triage --json evaluate a residence situation (JSON on standard input; docs/triage.md)
  lostcard figures [--days N] [--json]
                counts of lost- and stolen-card reports per day, caller's language, status
  orgs export   the directory of support organisations as CSV on standard output (docs/referrals.md)
  orgs import   add or change directory entries from CSV on standard input: all rows or none
  seed --synthetic N [--seed S]
                fill a new or training database with N invented applicants (training, demonstrations,
                load tests); refuses a database that holds real applications. A new database's data
                passphrase is taken from standard input or $MADOGUCHI_DATA_PASSPHRASE

The data directory is --data-dir, else $MADOGUCHI_DATA_DIR, else the user's data directory.
The database is the SQLite file in the data directory, unless an office's PostgreSQL database is given
by --database, else $MADOGUCHI_DATABASE, else "database" in the data directory's settings.json
(docs/deployment.md); its password is read from the libpq password file, never the command line.
Commands that read encrypted data use this account's keyring ($MADOGUCHI_KEYRING=none: none), else
$MADOGUCHI_DATA_PASSPHRASE.`

// Env is what a subcommand may use of the outside world.
type Env struct {
	Version string
	Stdin   io.Reader // nil when standard input is a terminal: PINs are then taken from the environment
	Stdout  io.Writer
	// StdoutTerminal says that Stdout is a terminal: data that may hold
	// what users typed is then written with control characters shown, not
	// sent (dataOut).
	StdoutTerminal bool
	Stderr         io.Writer
	Getenv         func(string) string
	Catalog        *i18n.Catalog
}

// Run executes inv's subcommand and returns the process exit code.
func Run(ctx context.Context, inv Invocation, env Env) int {
	switch inv.Command[0] {
	case "card":
		return runCard(ctx, inv.Command[1:], env)
	case "audit":
		return runAudit(ctx, inv, env)
	case "backup", "restore":
		return runBackup(ctx, inv, env)
	case "lostcard":
		return runLostCard(ctx, inv, env)
	case "orgs":
		return runOrgs(ctx, inv, env)
	case "seed":
		return report(runSeed(ctx, inv, env), env)
	}
	return report(run(ctx, inv, env), env)
}

// report prints err for the operator and returns the exit code: 0, 1 for a
// problem they can act on (printed in their language), 2 otherwise.
func report(err error, env Env) int {
	if err == nil {
		return 0
	}
	if l := problem.From(err); l != nil {
		printProblems(l, env)
		return 1
	}
	fmt.Fprintln(env.Stderr, "madoguchi:", err)
	return 2
}

// runAudit runs `madoguchi audit verify` on the database.
func runAudit(ctx context.Context, inv Invocation, env Env) int {
	db, code := openForCommand(ctx, inv, env)
	if db == nil {
		return code
	}
	defer db.Close()
	if len(inv.Command) > 1 && inv.Command[1] == "export" {
		return auditExport(ctx, db, inv.Command[2:], env)
	}
	// The chain is keyed: verifying it needs the data key, as an export
	// does (the keyring, or MADOGUCHI_DATA_PASSPHRASE when it is locked).
	v, err := openVault(ctx, db, env)
	if err != nil {
		return report(fmt.Errorf("audit verify needs the data key: %w", err), env)
	}
	key, err := v.AuditKey()
	if err != nil {
		return report(fmt.Errorf("audit verify needs the data key: %w", err), env)
	}
	return audit.AuditMain(ctx, db, key, inv.Command[1:], env.Stdout, env.Stderr)
}

// printProblems writes problems in the terminal's language.
func printProblems(l problem.List, env Env) {
	lang := terminalLanguage(env.Getenv)
	for _, p := range l {
		// A problem's args can come from a file being imported (a CSV
		// header): nothing in them may act on the terminal.
		fmt.Fprintln(env.Stderr, freetext.Visible(env.Catalog.Message(lang, p.ID, p.Args)))
	}
}

func run(ctx context.Context, inv Invocation, env Env) error {
	switch strings.Join(inv.Command, " ") {
	case "version":
		fmt.Fprintf(env.Stdout, "madoguchi %s (%s %s/%s)\n", env.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	case "db check":
		return dbCheck(ctx, inv, env)
	case "db migrate":
		return dbMigrate(ctx, inv, env)
	case "vault status", "vault rotate":
		return runVault(ctx, inv, env)
	case "retention run":
		return runRetention(ctx, inv, env)
	case "triage", "triage --json":
		if env.Stdin == nil {
			return fmt.Errorf("triage reads a situation (JSON) from standard input: madoguchi triage --json < situation.json")
		}
		return residency.Triage(env.Stdin, env.Stdout, time.Now())
	case "help", "-h", "--help":
		fmt.Fprintln(env.Stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", strings.Join(inv.Command, " "), usage)
}

// locate is where the command's data is (store.Locate).
func (inv Invocation) locate(env Env) (store.Location, error) {
	return store.Locate(inv.DataDirFlag, inv.DatabaseFlag, env.Getenv)
}

// dbCheck never creates or changes anything: it reports. It runs SQLite's
// full integrity check (store.DB.Check: every page, row and index), which
// the window and the other commands skip because its cost grows with the
// data; the output says so, so that "ok" is not read as less or more.
func dbCheck(ctx context.Context, inv Invocation, env Env) error {
	loc, err := inv.locate(env)
	if err != nil {
		return err
	}
	path := loc.Name()
	if loc.DatabaseURL == "" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return problem.New("cli.db.error.missing", map[string]any{"Path": path})
		}
	}
	db, err := loc.Open(ctx)
	if err != nil {
		return explain(path, err)
	}
	defer db.Close()
	if db.Engine == store.Postgres {
		// A server's database is made by its administrator before the
		// first desk: without the ledger it is new, not damaged.
		if ok, err := db.TableExists(ctx, db, "schema_migrations"); err != nil {
			return err
		} else if !ok {
			return problem.New("cli.db.error.empty", map[string]any{"Path": path})
		}
	}
	if err := db.Check(ctx); err != nil {
		return explain(path, err)
	}
	status, err := db.Pending(ctx, desk.Tables...)
	if err != nil {
		return explain(path, err)
	}
	if db.Engine == store.Postgres {
		fmt.Fprintf(env.Stdout, "%s: ok (the server keeps its own files whole; tables checked below)\n", path)
	} else {
		fmt.Fprintf(env.Stdout, "%s: ok (full integrity check: every page, row and index read)\n", path)
	}
	behind := false
	for _, s := range status {
		fmt.Fprintf(env.Stdout, "  %-10s version %d of %d\n", s.Owner, s.Applied, s.Known)
		behind = behind || s.Applied < s.Known
	}
	if behind {
		fmt.Fprintln(env.Stdout, "  some tables are behind: run `madoguchi db migrate`")
	}
	return nil
}

func dbMigrate(ctx context.Context, inv Invocation, env Env) error {
	loc, err := inv.locate(env)
	if err != nil {
		return err
	}
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		return err
	}
	defer db.Close()
	status, err := db.Pending(ctx, desk.Tables...)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: up to date\n", db.Name())
	for _, s := range status {
		fmt.Fprintf(env.Stdout, "  %-10s version %d\n", s.Owner, s.Applied)
	}
	return nil
}

func explain(path string, err error) error {
	args := map[string]any{"Path": path}
	switch {
	case errors.Is(err, store.ErrCorrupt):
		return problem.New("store.error.corrupt", args)
	case errors.Is(err, store.ErrNewerVersion):
		return problem.New("store.error.newerVersion", args)
	case errors.Is(err, store.ErrRestoring):
		return problem.New("store.error.restoring", args)
	}
	return err
}

// terminalLanguage picks Japanese or English for messages from $LANG.
func terminalLanguage(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(v, "ja") {
				return "ja"
			}
			return "en"
		}
	}
	return "en"
}
