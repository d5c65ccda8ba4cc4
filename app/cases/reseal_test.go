package cases

import (
	"bytes"
	"context"
	"testing"
	"time"

	"madoguchi/app/orgs"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// With a real vault a case and its referral are encrypted at rest, and a
// key rotation re-encrypts them through Reseal.
func TestSealedAtRestAndResealed(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	if err := db.Migrate(ctx, vault.Migrations, orgs.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	const passphrase = "correct horse battery staple"
	if err := v.Setup(ctx, passphrase); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	s := New(db, v, orgs.New(db, clock), []string{"ja", "en"}, clock)
	c, err := s.Create(ctx, orgA, 1, Person{Name: "グエン・ティ・ラン", Language: "en", Contact: "090-1234-5678"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "国籍の相談"}); err != nil {
		t.Fatal(err)
	}
	read := func(q string) []byte {
		var b []byte
		if err := db.QueryRow(q).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	caseBefore, refBefore := read(`SELECT data FROM cases`), read(`SELECT data FROM case_referrals`)
	for _, b := range [][]byte{caseBefore, refBefore} {
		if bytes.Contains(b, []byte("090-1234")) || bytes.Contains(b, []byte("国籍")) {
			t.Fatalf("stored in clear: %q", b)
		}
	}
	if err := v.Rotate(ctx, passphrase, Reseal); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(read(`SELECT data FROM cases`), caseBefore) || bytes.Equal(read(`SELECT data FROM case_referrals`), refBefore) {
		t.Fatal("rotation left a value as it was")
	}
	got, err := s.Get(ctx, orgA, c.ID)
	if err != nil || got.Person.Contact != "090-1234-5678" || len(got.Referrals) != 1 || got.Referrals[0].Reason != "国籍の相談" {
		t.Fatalf("after rotation: %+v, %v", got, err)
	}
}
