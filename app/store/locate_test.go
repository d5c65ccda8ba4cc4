package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Where a desk's database is: the flag wins over the environment, which
// wins over the data folder's settings.json; nothing means the SQLite file.
func TestLocate(t *testing.T) {
	const (
		flagURL     = "postgres://desk@flag.example/madoguchi"
		envURL      = "postgresql://desk@env.example/madoguchi?sslmode=verify-full"
		settingsURL = "postgres://desk@settings.example/madoguchi"
	)
	cases := []struct {
		name, flag, env, settings string
		want                      string
		wantErr                   error
	}{
		{name: "nothing: the SQLite file", want: ""},
		{name: "flag", flag: flagURL, env: envURL, settings: `{"database": "` + settingsURL + `"}`, want: flagURL},
		{name: "environment", env: envURL, settings: `{"database": "` + settingsURL + `"}`, want: envURL},
		{name: "settings file", settings: `{"database": "` + settingsURL + `"}`, want: settingsURL},
		{name: "settings file without a database", settings: `{}`, want: ""},
		{name: "not a PostgreSQL URL", flag: "mysql://desk@x/y", wantErr: ErrNotDatabaseURL},
		{name: "a file path is not a database URL", env: "/srv/madoguchi.db", wantErr: ErrNotDatabaseURL},
		{name: "damaged settings file", settings: `{"database": `, wantErr: errAny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.settings != "" {
				if err := os.WriteFile(filepath.Join(dir, SettingsFile), []byte(c.settings), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			getenv := func(k string) string {
				if k == DatabaseEnv {
					return c.env
				}
				return ""
			}
			loc, err := Locate(dir, c.flag, getenv)
			switch {
			case c.wantErr == errAny && err == nil, c.wantErr != nil && c.wantErr != errAny && !errors.Is(err, c.wantErr):
				t.Fatalf("Locate: err = %v, want %v", err, c.wantErr)
			case c.wantErr == nil && err != nil:
				t.Fatalf("Locate: %v", err)
			case c.wantErr == nil && loc.DatabaseURL != c.want:
				t.Errorf("Locate: database %q, want %q", loc.DatabaseURL, c.want)
			}
		})
	}
}

var errAny = errors.New("any error")

// A URL's password never reaches a message.
func TestLocationNameHidesThePassword(t *testing.T) {
	loc := Location{DatabaseURL: "postgres://desk:s3cret@db.example:5433/madoguchi?sslmode=require"}
	if got, want := loc.Name(), "postgres://desk@db.example:5433/madoguchi"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}
