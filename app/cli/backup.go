package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"madoguchi/app/backup"
	"madoguchi/app/desk"
	"madoguchi/app/problem"
	"madoguchi/app/store"
)

// BackupPassphraseEnv holds the backup passphrase when standard input is a
// terminal, for scheduled backups.
const BackupPassphraseEnv = "MADOGUCHI_BACKUP_PASSPHRASE"

func runBackup(ctx context.Context, inv Invocation, env Env) int {
	if len(inv.Command) != 2 {
		fmt.Fprintln(env.Stderr, usage)
		return 2
	}
	file := inv.Command[1]
	loc, err := inv.locate(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi:", err)
		return 2
	}
	if loc.DatabaseURL != "" {
		// A shared database is backed up by the server's own tools; what
		// it holds stays sealed in the dump (docs/deployment.md).
		printProblems(problem.List{problem.New("cli.backup.error.server", map[string]any{"Database": loc.Name()})}, env)
		return 1
	}
	dir := loc.DataDir
	pass := readSecret(env, BackupPassphraseEnv)
	if inv.Command[0] == "backup" {
		err = writeBackup(ctx, dir, file, pass)
		if err == nil {
			fmt.Fprintf(env.Stdout, "backup written: %s\n", file)
		}
	} else {
		var kept string
		kept, err = backup.Restore(ctx, file, pass, dir, desk.Tables, time.Now())
		if err == nil {
			fmt.Fprintf(env.Stdout, "restored %s into %s\n", file, dir)
			if kept != "" {
				fmt.Fprintf(env.Stdout, "the database it replaced is kept as %s\n", kept)
			}
		}
	}
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

func writeBackup(ctx context.Context, dir, file, pass string) error {
	db, err := desk.OpenStore(ctx, store.Location{DataDir: dir})
	if err != nil {
		return err
	}
	defer db.Close()
	return backup.Write(ctx, db, file, pass)
}

// readSecret takes the first line of standard input, else the environment
// variable: never the command line, which other users can read.
func readSecret(env Env, name string) string {
	if env.Stdin != nil {
		if line, err := bufio.NewReader(env.Stdin).ReadString('\n'); err == nil || line != "" {
			return strings.TrimRight(line, "\r\n")
		}
	}
	return env.Getenv(name)
}
