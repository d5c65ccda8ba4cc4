package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/problem"
	"madoguchi/app/store"
)

// auditExport writes the audit entries in a date range as CSV. Exporting is
// itself recorded in the trail.
func auditExport(ctx context.Context, db *store.DB, args []string, env Env) int {
	fs := flag.NewFlagSet("madoguchi audit export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	action := fs.String("action", "", "only this action")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, usage)
		return 2
	}
	// Days are read in this PC's time zone, as the window's filter reads
	// them: --to 2026-11-30 includes that whole local day.
	f, err := audit.Search{From: *from, To: *to, Action: *action}.Filter(time.Local)
	if err != nil {
		for _, p := range problem.From(err) {
			fmt.Fprintf(env.Stderr, "madoguchi audit export: --%s: %s\n", p.Field, env.Catalog.Message("en", p.ID, p.Args))
		}
		return 2
	}
	// The reasons are sealed: the vault opens them.
	v, err := openVault(ctx, db, env)
	if err != nil {
		if l := problem.From(err); l != nil {
			printProblems(l, env)
			return 1
		}
		fmt.Fprintln(env.Stderr, "madoguchi audit export:", err)
		return 2
	}
	log := audit.New(db, v, nil)
	entries, err := log.Query(ctx, f)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi audit export:", err)
		return 2
	}
	// Recorded before a line is written: no record, no export.
	if _, err := log.Record(ctx, audit.Entry{Action: audit.Export, RecordType: "auditLog"}); err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi audit export: could not record the export in the audit trail, so nothing was exported:", err)
		return 2
	}
	out, done := dataOut(env)
	if err := audit.WriteCSV(out, entries); err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi audit export:", err)
		return 2
	}
	if err := done(); err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi audit export:", err)
		return 2
	}
	return 0
}
