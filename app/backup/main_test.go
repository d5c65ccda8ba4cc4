package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/storetest"
)

func TestMain(m *testing.M) {
	if role, args, ok := storetest.Role(); ok {
		os.Exit(playRole(role, args))
	}
	os.Exit(m.Run())
}

// playRole is another process of these tests: "open PATH" is a desk with
// the database at PATH open; "backup-killed DATADIR FILE" is a backup of
// DATADIR's database to FILE, stopped once its unsealed copy is made, for
// the test to kill.
func playRole(role string, args []string) int {
	ctx := context.Background()
	switch role {
	case "open":
		db, err := store.Open(ctx, args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
	case "backup-killed":
		db, err := store.Open(ctx, filepath.Join(args[0], store.FileName))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		afterCopy = func(string) {
			storetest.Ready()
			storetest.Hold()
		}
		if err := Write(ctx, db, args[1], passphrase); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	default:
		fmt.Fprintln(os.Stderr, "unknown role", role)
		return 2
	}
	storetest.Ready()
	storetest.Hold()
	return 0
}
