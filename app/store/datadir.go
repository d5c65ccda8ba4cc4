package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
