package lostcard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// vaultDesk is one desk on a shared database: its own handle, its own
// vault, its own service.
type vaultDesk struct {
	db *store.DB
	v  *vault.Vault
	s  *Service
}

func openVaultDesk(t *testing.T, dir, url string) vaultDesk {
	t.Helper()
	ctx := context.Background()
	db := testdb.OpenAt(t, dir, url)
	if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: testNow}
	return vaultDesk{db: db, v: v, s: New(db, v, []string{"ja", "en", "vi"}, c.now)}
}

// reportRows is every report row, as text: what a refused write must leave
// as it was.
func reportRows(t *testing.T, db *store.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM lostcard_reports ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v\n", vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// After desk A rotated the data key, desk B, still holding the retired key,
// writes no report sealed with it: Start and Save fail with
// vault.error.keyChanged, leave the reports as they were, and lock B's
// vault; once B opens the data again the same write goes through.
func TestWritesAfterRotationOnAnotherDesk(t *testing.T) {
	const pass, newPass = "office data passphrase", "office data passphrase 2027"
	tests := []struct {
		name  string
		write func(ctx context.Context, s *Service, r *Report) error
	}{
		{"start", func(ctx context.Context, s *Service, r *Report) error {
			_, err := s.Start(ctx, 8)
			return err
		}},
		{"save", func(ctx context.Context, s *Service, r *Report) error {
			_, err := s.At(r.Version).Save(ctx, r.ID, Answers{FieldName: "NGUYEN VAN MINH"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir, url := testdb.Place(t)
			a := openVaultDesk(t, dir, url)
			if err := a.v.Setup(ctx, pass, Reseal); err != nil {
				t.Fatal(err)
			}
			b := openVaultDesk(t, dir, url)
			if err := b.v.Unlock(ctx, pass); err != nil {
				t.Fatal(err)
			}
			r, err := b.s.Start(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}
			if r, err = b.s.Save(ctx, r.ID, Answers{FieldName: "NGUYEN THI LAN"}); err != nil {
				t.Fatal(err)
			}

			if err := a.v.Rotate(ctx, newPass, Reseal); err != nil {
				t.Fatal(err)
			}
			before := reportRows(t, a.db)
			err = tt.write(ctx, b.s, r)
			if l := problem.From(err); len(l) == 0 || l[0].ID != "vault.error.keyChanged" || !errors.Is(err, vault.ErrKeyChanged) {
				t.Fatalf("with the retired key: %v, want vault.error.keyChanged", err)
			}
			if after := reportRows(t, a.db); after != before {
				t.Fatalf("the refused write changed the reports:\nbefore\n%safter\n%s", before, after)
			}
			if b.v.State() != vault.StateLocked {
				t.Fatalf("desk B after the refused write: %v, want locked", b.v.State())
			}

			if err := b.v.Unlock(ctx, newPass); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(ctx, b.s, r); err != nil {
				t.Fatalf("after opening the data again: %v", err)
			}
			if _, err := a.s.Get(ctx, r.ID); err != nil {
				t.Fatalf("the rotating desk reads what B wrote: %v", err)
			}
		})
	}
}

// A rotation on desk A waits for a write under way on desk B, which holds
// the key, and then re-seals what B wrote: nothing B wrote is lost or left
// under the retired key. Without B's hold, on PostgreSQL, the rotation
// would not see a report being started, and would read a report being
// saved before B's write and put that back over it once B committed.
func TestRotationWaitsForAWriteUnderWay(t *testing.T) {
	const pass, newPass = "office data passphrase", "office data passphrase 2027"
	tests := []struct {
		name  string
		write func(ctx context.Context, s *Service, r *Report) error
		kept  func(ctx context.Context, s *Service, r *Report) error
	}{
		{"start", func(ctx context.Context, s *Service, r *Report) error {
			_, err := s.Start(ctx, 8)
			return err
		}, func(ctx context.Context, s *Service, r *Report) error {
			if got, err := s.FollowUps(ctx); err != nil || len(got) != 2 {
				return fmt.Errorf("follow-ups %+v, %v; want both reports", got, err)
			}
			return nil
		}},
		{"save", func(ctx context.Context, s *Service, r *Report) error {
			_, err := s.At(r.Version).Save(ctx, r.ID, Answers{FieldName: "NGUYEN THI LAN"})
			return err
		}, func(ctx context.Context, s *Service, r *Report) error {
			if got, err := s.Get(ctx, r.ID); err != nil || got.Answers[FieldName] != "NGUYEN THI LAN" || got.Version != r.Version+1 {
				return fmt.Errorf("report %+v, %v; want the save kept", got, err)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir, url := testdb.Place(t)
			a := openVaultDesk(t, dir, url)
			if err := a.v.Setup(ctx, pass, Reseal); err != nil {
				t.Fatal(err)
			}
			b := openVaultDesk(t, dir, url)
			if err := b.v.Unlock(ctx, pass); err != nil {
				t.Fatal(err)
			}
			r, err := b.s.Start(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}

			// The rotation starts while B holds the key and is about to
			// write; its first resealer tells when it re-seals.
			rotated, resealing := make(chan error, 1), make(chan struct{})
			signal := func(context.Context, *sql.Tx, *vault.Rekey) error {
				close(resealing)
				return nil
			}
			var early error
			b.s.beforeWrite = func() {
				go func() { rotated <- a.v.Rotate(ctx, newPass, signal, Reseal) }()
				select {
				case <-resealing:
					early = errors.New("the rotation re-sealed while a write on another desk was under way")
				case <-time.After(time.Second): // longer than the rotation's key derivation
				}
			}
			err = tt.write(ctx, b.s, r)
			b.s.beforeWrite = nil
			if early != nil {
				t.Fatal(early)
			}
			if err != nil {
				t.Fatalf("the write under way: %v", err)
			}
			if err := <-rotated; err != nil {
				t.Fatal(err)
			}
			if err := tt.kept(ctx, a.s, r); err != nil {
				t.Fatalf("after the rotation: %v", err)
			}
		})
	}
}
