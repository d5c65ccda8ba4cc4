package intake

import (
	"context"
	"database/sql"
	"io/fs"
	"math"
	"slices"
	"testing"
	"testing/fstest"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// filedTerms reads the terms the database holds for one application.
func filedTerms(t *testing.T, db *store.DB, id int64) []int64 {
	t.Helper()
	rows, err := db.Query(`SELECT term FROM intake_terms WHERE application_id = ? ORDER BY term`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var term int64
		if err := rows.Scan(&term); err != nil {
			t.Fatal(err)
		}
		out = append(out, term)
	}
	return out
}

func searchIDs(t *testing.T, s *Service, q string) []int64 {
	t.Helper()
	got, err := s.Search(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, sum := range got {
		ids = append(ids, sum.ID)
	}
	return ids
}

// A changed answer unfiles the old value in the change's own transaction:
// the old name no longer finds the application, and no stale term stays.
func TestTermsFollowTheAnswers(t *testing.T) {
	s, p := newTestService(t)
	app := fillJP(t, s, 1)
	if got := searchIDs(t, s, "山田"); !slices.Equal(got, []int64{app.ID}) {
		t.Fatalf("before the change: %v", got)
	}
	app = mustSave(t, s, app.ID, "name", Answers{"name": "佐藤 花子"})
	if got := searchIDs(t, s, "山田"); got != nil {
		t.Fatalf("the old name still finds %v", got)
	}
	if got := searchIDs(t, s, "花子"); !slices.Equal(got, []int64{app.ID}) {
		t.Fatalf("the new name finds %v", got)
	}
	b, _ := s.vault.Blinder()
	db := openDB(t, p) // another desk
	if got, want := filedTerms(t, db, app.ID), termsOf(b, app.Answers); !slices.Equal(got, want) {
		t.Fatalf("filed %d terms, the answers make %d: %v, want %v", len(got), len(want), got, want)
	}
}

// A database written before the index existed, or before its index cards,
// is indexed once, on first use, and then searched through the index.
func TestEnsureIndexBuildsAnOldDatabase(t *testing.T) {
	for _, tc := range []struct {
		name, older string
	}{
		{"no index", `DELETE FROM intake_terms; DELETE FROM intake_persons; DELETE FROM intake_person_terms; DELETE FROM intake_settings WHERE name = 'termsVersion'`},
		{"terms without cards", `DELETE FROM intake_persons; DELETE FROM intake_person_terms; UPDATE intake_settings SET value = '1' WHERE name = 'termsVersion'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := newTestService(t)
			a, b := fillJP(t, s, 1), fillJP(t, s, 2)
			if _, err := s.db.Exec(tc.older); err != nil {
				t.Fatal(err)
			}
			fresh := New(s.db, s.vault, []string{"ja"}, nil) // another start of the program
			if got := searchIDs(t, fresh, "やまだ"); !slices.Equal(got, []int64{b.ID, a.ID}) {
				t.Fatalf("search on the old database: %v", got)
			}
			if n, err := fresh.EnsureIndex(ctx); n != 0 || err != nil {
				t.Fatalf("second EnsureIndex = %d, %v; want nothing left to do", n, err)
			}
			other := New(s.db, s.vault, []string{"ja"}, nil)
			if n, err := other.EnsureIndex(ctx); n != 0 || err != nil {
				t.Fatalf("EnsureIndex after the rebuild, in another service = %d, %v", n, err)
			}
			similar, err := other.Similar(ctx, a.ID)
			if err != nil || len(similar) != 1 || similar[0].ID != b.ID {
				t.Fatalf("similar to %d after the rebuild: %+v, %v; want %d", a.ID, similar, err, b.ID)
			}
		})
	}
}

// A new database's index is complete from its migration; one that already
// held applications is not, until EnsureIndex.
func TestMigrationMarksOnlyAnEmptyDatabaseIndexed(t *testing.T) {
	for _, tc := range []struct {
		name string
		apps int
		want string
	}{
		{"empty", 0, termsVersion},
		{"with applications", 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Migrated(t, migrationsBefore(t, Migrations, "006"))
			for range tc.apps {
				if _, err := db.Exec(`INSERT INTO intake_applications (status, step, answers, created_by, created_at, updated_at)
					VALUES ('draft', 'name', ?, 1, '', '')`, []byte{0}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx, Migrations); err != nil {
				t.Fatal(err)
			}
			var v string
			err := db.QueryRow(`SELECT value FROM intake_settings WHERE name = 'termsVersion'`).Scan(&v)
			if err != nil && err != sql.ErrNoRows {
				t.Fatal(err)
			}
			if v != tc.want {
				t.Fatalf("termsVersion = %q, want %q", v, tc.want)
			}
		})
	}
}

// Setup and Rotate refile every application under the new key's terms, in
// their transaction: nothing filed under the old key stays, and search
// finds what it found before.
func TestRotationRefilesEveryApplication(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, Migrations, vault.Migrations)
	plain := New(db, vault.NewPlain(), []string{"ja"}, nil)
	a := fillJP(t, plain, 1)
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	const pass = "rotation test passphrase"
	before := filedTerms(t, db, a.ID)
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"setup", func() error { return v.Setup(ctx, pass, Reseal) }},
		{"rotate", func() error { return v.Rotate(ctx, pass, Reseal) }},
	} {
		if err := step.run(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		s := New(db, v, []string{"ja"}, nil)
		after := filedTerms(t, db, a.ID)
		for _, term := range after {
			if _, stale := slices.BinarySearch(before, term); stale {
				t.Fatalf("after %s a term of the old key is still filed", step.name)
			}
		}
		b, _ := v.Blinder()
		if want := termsOf(b, a.Answers); !slices.Equal(after, want) {
			t.Fatalf("after %s: filed %v, want %v", step.name, after, want)
		}
		if got := searchIDs(t, s, "山田"); !slices.Equal(got, []int64{a.ID}) {
			t.Fatalf("search after %s: %v", step.name, got)
		}
		before = after
	}
}

// migrationsBefore is m without the migrations numbered from first on: the
// schema an older Madoguchi left.
func migrationsBefore(t *testing.T, m store.Migrations, first string) store.Migrations {
	t.Helper()
	files := fstest.MapFS{}
	entries, err := fs.ReadDir(m.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() >= first {
			continue
		}
		data, err := fs.ReadFile(m.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = &fstest.MapFile{Data: data}
	}
	return store.Migrations{Owner: m.Owner, FS: files}
}

// Terms are 64-bit: both engines keep each whole (BIGINT on PostgreSQL),
// and more terms than one INSERT takes are filed in several, each within
// the engines' limits on parameters.
func TestTermsKeepAll64BitsAndAnyNumber(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	terms := []int64{math.MinInt64, -1, 0, 1, math.MaxInt64}
	for i := range 2*termsPerInsert + 7 {
		terms = append(terms, int64(i+2)*0x0123456789abcd)
	}
	slices.Sort(terms)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return insertTerms(ctx, tx, 42, terms) })
	if err != nil {
		t.Fatal(err)
	}
	if got := filedTerms(t, s.db, 42); !slices.Equal(got, terms) {
		t.Fatalf("filed %d terms, read back %d; first %v, last %v", len(terms), len(got), got[:min(3, len(got))], got[max(0, len(got)-3):])
	}
	var id int64
	if err := s.db.QueryRow(`SELECT application_id FROM intake_terms WHERE term = ?`, int64(math.MinInt64)).Scan(&id); err != nil || id != 42 {
		t.Fatalf("look up the lowest term: %d, %v", id, err)
	}
}
