package cli

import (
	"context"
	"fmt"

	"madoguchi/app/audit"
	"madoguchi/app/desk"
	"madoguchi/app/intake"
	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// DataPassphraseEnv holds the data passphrase for commands run where the
// keyring does not hold the data key (scheduled jobs on another PC).
const DataPassphraseEnv = "MADOGUCHI_DATA_PASSPHRASE"

// openVault opens db's vault through this account's keyring, else with the
// passphrase from DataPassphraseEnv; still locked is the problem
// vault.error.locked.
func openVault(ctx context.Context, db *store.DB, env Env) (*vault.Vault, error) {
	kr, err := vault.DefaultKeyring(env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi: no keyring:", err)
	}
	v, err := vault.Open(ctx, db, kr)
	if err != nil {
		return nil, err
	}
	if v.State() == vault.StateLocked {
		pass := env.Getenv(DataPassphraseEnv)
		if pass == "" {
			return nil, problem.New("vault.error.locked", nil)
		}
		if err := v.Unlock(ctx, pass); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// runVault runs `madoguchi vault status|rotate`.
func runVault(ctx context.Context, inv Invocation, env Env) error {
	if len(inv.Command) != 2 || (inv.Command[1] != "status" && inv.Command[1] != "rotate") {
		return fmt.Errorf("usage: madoguchi vault status|rotate\n%s", usage)
	}
	db, err := openDataDir(ctx, inv, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if inv.Command[1] == "status" {
		kr, _ := vault.DefaultKeyring(env.Getenv)
		v, err := vault.Open(ctx, db, kr)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: data key %s\n", db.Name(), v.State())
		if err := v.KeyringError(); err != nil {
			fmt.Fprintf(env.Stdout, "  keyring: %v\n", err)
		}
		return nil
	}
	pass := readSecret(env, DataPassphraseEnv)
	kr, _ := vault.DefaultKeyring(env.Getenv)
	v, err := vault.Open(ctx, db, kr)
	if err != nil {
		return err
	}
	// Rotation asks for the passphrase even when the keyring opened the
	// key: whoever rotates must be the one who holds it.
	if err := v.Unlock(ctx, pass); err != nil {
		return err
	}
	if err := v.Rotate(ctx, pass, desk.Resealers...); err != nil {
		return err
	}
	if _, err := audit.New(db, v, nil).Record(ctx, audit.Entry{Action: audit.KeyRotate}); err != nil {
		return fmt.Errorf("record the rotation: %w", err)
	}
	fmt.Fprintln(env.Stdout, "data key rotated: every sealed value is now under the new key, the old key is erased")
	return nil
}

// runRetention runs `madoguchi retention run`: what the open window does
// every hour, for offices that schedule it instead.
func runRetention(ctx context.Context, inv Invocation, env Env) error {
	db, err := openDataDir(ctx, inv, env)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := openVault(ctx, db, env)
	if err != nil {
		return err
	}
	log := audit.New(db, v, nil)
	svc := intake.New(db, v, nil, nil)
	ids, err := svc.DestroyExpiredNumbers(ctx, desk.NumberDeletionRecord(log))
	fmt.Fprintf(env.Stdout, "Individual Numbers destroyed: %d\n", len(ids))
	return err
}

// openForCommand opens the database for a command that reports by exit
// code: nil and the code (2: no data directory, 1: a problem the user can
// act on, already printed) when it cannot.
func openForCommand(ctx context.Context, inv Invocation, env Env) (*store.DB, int) {
	loc, err := inv.locate(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "madoguchi:", err)
		return nil, 2
	}
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		printProblems(problem.From(err), env)
		return nil, 1
	}
	return db, 0
}

func openDataDir(ctx context.Context, inv Invocation, env Env) (*store.DB, error) {
	loc, err := inv.locate(env)
	if err != nil {
		return nil, err
	}
	return desk.OpenStore(ctx, loc)
}
