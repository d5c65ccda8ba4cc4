package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"madoguchi/app/orgs"
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
	if err := db.Migrate(ctx, vault.Migrations, orgs.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	return vaultDesk{db: db, v: v, s: New(db, v, orgs.New(db, clock), []string{"ja", "en"}, clock)}
}

// tableRows is every row of the tables, as text: what a refused write must
// leave as it was.
func tableRows(t *testing.T, db *store.DB, tables ...string) string {
	t.Helper()
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// After desk A rotated the data key, desk B, still holding the retired key,
// writes nothing sealed with it: each write fails with
// vault.error.keyChanged, leaves the cases and referrals as they were, and
// locks B's vault; once B opens the data again the same write goes through.
func TestWritesAfterRotationOnAnotherDesk(t *testing.T) {
	const pass, newPass = "office data passphrase", "office data passphrase 2027"
	type made struct {
		c *Case
		r *Referral
	}
	tests := []struct {
		name  string
		write func(ctx context.Context, s *Service, m made) error
	}{
		{"create a case", func(ctx context.Context, s *Service, m made) error {
			_, err := s.Create(ctx, orgA, 2, Person{Name: "Tran Van Nam", Language: "en"})
			return err
		}},
		{"change a case", func(ctx context.Context, s *Service, m made) error {
			_, err := s.SavePerson(ctx, orgA, m.c.ID, m.c.Version, Person{Name: "Nguyen Thi Lan", Language: "ja"})
			return err
		}},
		{"create a referral", func(ctx context.Context, s *Service, m made) error {
			_, err := s.CreateReferral(ctx, orgA, 2, m.c.ID, NewReferral{Org: "jar", Reason: "Urgent shelter"})
			return err
		}},
		{"change a referral", func(ctx context.Context, s *Service, m made) error {
			_, err := s.RecordConsent(ctx, orgA, 2, m.r.ID, m.r.Version, consent(FieldName), nil)
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
			var m made
			m.c = newCase(t, b.s, orgA)
			r, err := b.s.CreateReferral(ctx, orgA, 1, m.c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
			if err != nil {
				t.Fatal(err)
			}
			m.r = r

			if err := a.v.Rotate(ctx, newPass, Reseal); err != nil {
				t.Fatal(err)
			}
			before := tableRows(t, a.db, "cases", "case_referrals")
			err = tt.write(ctx, b.s, m)
			if problemID(err) != "vault.error.keyChanged" || !errors.Is(err, vault.ErrKeyChanged) {
				t.Fatalf("with the retired key: %v, want vault.error.keyChanged", err)
			}
			if after := tableRows(t, a.db, "cases", "case_referrals"); after != before {
				t.Fatalf("the refused write changed the tables:\nbefore\n%safter\n%s", before, after)
			}
			if b.v.State() != vault.StateLocked {
				t.Fatalf("desk B after the refused write: %v, want locked", b.v.State())
			}

			if err := b.v.Unlock(ctx, newPass); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(ctx, b.s, m); err != nil {
				t.Fatalf("after opening the data again: %v", err)
			}
			if _, err := a.s.Get(ctx, orgA, m.c.ID); err != nil {
				t.Fatalf("the rotating desk reads what B wrote: %v", err)
			}
		})
	}
}

// A rotation on desk A waits for a write under way on desk B, which holds
// the key, and then re-seals what B wrote: nothing B wrote is lost or left
// under the retired key. Without B's hold, on PostgreSQL, the rotation
// would not see a case or referral being created, and would read one being
// changed before B's write and put that back over it once B committed.
func TestRotationWaitsForAWriteUnderWay(t *testing.T) {
	const pass, newPass = "office data passphrase", "office data passphrase 2027"
	type made struct {
		c *Case
		r *Referral
	}
	tests := []struct {
		name  string
		write func(ctx context.Context, s *Service, m made) error
		kept  func(ctx context.Context, s *Service, m made) error
	}{
		{"create a case", func(ctx context.Context, s *Service, m made) error {
			_, err := s.Create(ctx, orgA, 2, Person{Name: "Tran Van Nam", Language: "en"})
			return err
		}, func(ctx context.Context, s *Service, m made) error {
			if got, err := s.List(ctx, orgA); err != nil || len(got) != 2 {
				return fmt.Errorf("cases %+v, %v; want both", got, err)
			}
			return nil
		}},
		{"create a referral", func(ctx context.Context, s *Service, m made) error {
			_, err := s.CreateReferral(ctx, orgA, 2, m.c.ID, NewReferral{Org: "jar", Reason: "Urgent shelter"})
			return err
		}, func(ctx context.Context, s *Service, m made) error {
			if c, err := s.Get(ctx, orgA, m.c.ID); err != nil || len(c.Referrals) != 2 {
				return fmt.Errorf("case %+v, %v; want both referrals", c, err)
			}
			return nil
		}},
		{"change a case", func(ctx context.Context, s *Service, m made) error {
			_, err := s.SavePerson(ctx, orgA, m.c.ID, m.c.Version, Person{Name: "Tran Van Nam", Language: "ja"})
			return err
		}, func(ctx context.Context, s *Service, m made) error {
			if c, err := s.Get(ctx, orgA, m.c.ID); err != nil || c.Person.Name != "Tran Van Nam" {
				return fmt.Errorf("case %+v, %v; want the new name", c, err)
			}
			return nil
		}},
		{"change a referral", func(ctx context.Context, s *Service, m made) error {
			_, err := s.RecordConsent(ctx, orgA, 2, m.r.ID, m.r.Version, consent(FieldName), nil)
			return err
		}, func(ctx context.Context, s *Service, m made) error {
			if r, err := s.Referral(ctx, orgA, m.r.ID); err != nil || r.Consent == nil {
				return fmt.Errorf("referral %+v, %v; want its consent", r, err)
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
			var m made
			m.c = newCase(t, b.s, orgA)
			r, err := b.s.CreateReferral(ctx, orgA, 1, m.c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
			if err != nil {
				t.Fatal(err)
			}
			m.r = r

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
			err = tt.write(ctx, b.s, m)
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
			if err := tt.kept(ctx, a.s, m); err != nil {
				t.Fatalf("after the rotation: %v", err)
			}
		})
	}
}
