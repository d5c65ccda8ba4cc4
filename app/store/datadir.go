package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/jackc/pgx/v5"
)

// DataDirEnv overrides the data directory, like the --data-dir flag.
const DataDirEnv = "MADOGUCHI_DATA_DIR"

// DataDir resolves where the database lives: the flag value if set, then
// $MADOGUCHI_DATA_DIR, then the platform's per-user data directory
// (%APPDATA%\Madoguchi on Windows, $XDG_DATA_HOME/madoguchi or
// ~/.local/share/madoguchi on Linux, ~/Library/Application Support/Madoguchi on macOS).
func DataDir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if v := getenv(DataDirEnv); v != "" {
		return filepath.Abs(v)
	}
	switch runtime.GOOS {
	case "windows":
		if v := getenv("APPDATA"); v != "" {
			return filepath.Join(v, "Madoguchi"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home directory: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", "Madoguchi"), nil
	default:
		if v := getenv("XDG_DATA_HOME"); v != "" && filepath.IsAbs(v) {
			return filepath.Join(v, "madoguchi"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find home directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "madoguchi"), nil
}

// DatabaseEnv names an office's shared PostgreSQL database, like the
// --database flag.
const DatabaseEnv = "MADOGUCHI_DATABASE"

// SettingsFile is the desk's settings in its data folder, where an IT
// department puts the office's database for the window (a desktop shortcut
// takes no flags). Its password belongs in the desk account's libpq
// password file (PGPASSFILE, %APPDATA%\postgresql\pgpass.conf), not here.
const SettingsFile = "settings.json"

// Location is where a desk's data is: its own folder (keyring, exports, the
// SQLite file) and, in an office, the shared database.
type Location struct {
	DataDir     string
	DatabaseURL string // "" for the SQLite file in DataDir
}

// Locate resolves the data folder (DataDir) and the database: the
// --database value if set, then $MADOGUCHI_DATABASE, then "database" in
// the data folder's settings.json; without any, the SQLite file.
func Locate(dataDirFlag, databaseFlag string, getenv func(string) string) (Location, error) {
	dir, err := DataDir(dataDirFlag, getenv)
	if err != nil {
		return Location{}, err
	}
	loc := Location{DataDir: dir, DatabaseURL: databaseFlag}
	if loc.DatabaseURL == "" {
		loc.DatabaseURL = getenv(DatabaseEnv)
	}
	if loc.DatabaseURL == "" {
		if loc.DatabaseURL, err = settingsDatabase(dir); err != nil {
			return Location{}, err
		}
	}
	if loc.DatabaseURL != "" && !IsPostgresURL(loc.DatabaseURL) {
		return Location{}, ErrNotDatabaseURL
	}
	return loc, nil
}

// settingsDatabase reads "database" from the data folder's settings file;
// "" when there is no file.
func settingsDatabase(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, SettingsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", SettingsFile, err)
	}
	var s struct {
		Database string `json:"database"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(dir, SettingsFile), err)
	}
	return s.Database, nil
}

// Open opens the database at l (OpenDatabase).
func (l Location) Open(ctx context.Context) (*DB, error) {
	return OpenDatabase(ctx, l.DataDir, l.DatabaseURL)
}

// Name is the database as messages show it: the SQLite file, or the
// PostgreSQL URL without its password.
func (l Location) Name() string {
	if l.DatabaseURL == "" {
		return filepath.Join(l.DataDir, FileName)
	}
	if cfg, err := pgx.ParseConfig(l.DatabaseURL); err == nil {
		return displayName(cfg)
	}
	return "postgres://…"
}
