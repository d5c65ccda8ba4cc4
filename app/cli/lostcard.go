package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"madoguchi/app/freetext"
	"madoguchi/app/lostcard"
	"madoguchi/app/vault"
)

const lostCardUsage = `usage: madoguchi [--data-dir DIR] lostcard figures [--days N] [--json]

  figures   lost- and stolen-card reports of the last N days (default 30, today included):
            per day, by caller's language, by status now. Counts only: no report is shown,
            because only the call centre's own screens may show one (docs/lost-cards.md).`

// runLostCard runs `madoguchi lostcard figures`.
func runLostCard(ctx context.Context, inv Invocation, env Env) int {
	args := inv.Command[1:]
	if len(args) == 0 || args[0] != "figures" {
		fmt.Fprintln(env.Stderr, lostCardUsage)
		return 2
	}
	fs := flag.NewFlagSet("lostcard figures", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	days := fs.Int("days", 30, "days counted, today included")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, lostCardUsage)
		return 2
	}
	db, code := openForCommand(ctx, inv, env)
	if db == nil {
		return code
	}
	defer db.Close()
	// The figures read no sealed column, so the vault's key is not needed here.
	f, err := lostcard.New(db, vault.NewPlain(), nil, time.Now).Figures(ctx, *days)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi:", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			fmt.Fprintln(env.Stderr, "madoguchi:", err)
			return 2
		}
		return 0
	}
	printFigures(env.Stdout, f)
	return 0
}

func printFigures(w io.Writer, f *lostcard.Figures) {
	fmt.Fprintf(w, "lost- and stolen-card reports started %s to %s: %d\n", f.From, f.To, f.Total)
	section := func(title string, counts []lostcard.Count) {
		fmt.Fprintf(w, "\n%s\n", title)
		for _, c := range counts {
			// Keys are days, statuses and catalog tags, checked when
			// stored; shown safely all the same, as anything printed
			// from the database.
			key := freetext.Visible(c.Key)
			if key == "" {
				key = "(not asked)"
			}
			fmt.Fprintf(w, "  %-16s %d\n", key, c.Count)
		}
	}
	section("per day", f.PerDay)
	section("by caller's language", f.ByLanguage)
	section("by status now", f.ByOutcome)
}
