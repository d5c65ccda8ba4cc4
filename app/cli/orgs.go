package cli

import (
	"context"
	"fmt"

	"madoguchi/app/audit"
	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/vault"
)

// runOrgs runs `madoguchi orgs export` (the directory as CSV on standard
// output) and `madoguchi orgs import` (CSV on standard input: all rows or
// none, problems naming rows and columns). Both are recorded in the audit
// trail, as in the window: an export before anything is written (no
// record, no export), an import after it.
func runOrgs(ctx context.Context, inv Invocation, env Env) int {
	if len(inv.Command) != 2 || (inv.Command[1] != "export" && inv.Command[1] != "import") {
		fmt.Fprintln(env.Stderr, usage)
		return 2
	}
	db, code := openForCommand(ctx, inv, env)
	if db == nil {
		return code
	}
	defer db.Close()
	svc := orgs.New(db, nil)
	log := audit.New(db, vault.NewPlain(), nil)
	entry := audit.Entry{Action: audit.Export, RecordType: "org"}
	var err error
	switch inv.Command[1] {
	case "export":
		if _, err := log.Record(ctx, entry); err != nil {
			fmt.Fprintln(env.Stderr, "madoguchi: could not record the export in the audit trail, so nothing was exported:", err)
			return 2
		}
		out, done := dataOut(env)
		if err = svc.Export(ctx, out); err == nil {
			err = done()
		}
	case "import":
		if env.Stdin == nil {
			fmt.Fprintln(env.Stderr, "madoguchi orgs import reads CSV from standard input: madoguchi orgs import < orgs.csv")
			return 2
		}
		var res orgs.ImportResult
		res, err = svc.Import(ctx, env.Stdin)
		if err == nil {
			fmt.Fprintf(env.Stdout, "added %d, changed %d\n", res.Added, res.Updated)
		}
		entry.Action = audit.Change
	}
	if l := problem.From(err); l != nil {
		printProblems(l, env)
		return 1
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi:", err)
		return 2
	}
	if entry.Action == audit.Export {
		return 0 // recorded before
	}
	if _, err := log.Record(ctx, entry); err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi: record in the audit trail:", err)
		return 2
	}
	return 0
}
