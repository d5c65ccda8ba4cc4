package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
)

// Keyring holds small secrets outside the database, so that a copy of the
// database file alone (a backup, a stolen disk image of the data folder)
// does not open the vault.
//
// Implementations the program should have (not written: they need a module
// or system calls this change does not add):
//
//   - Windows: DPAPI, CryptProtectData / CryptUnprotectData from crypt32.dll
//     (golang.org/x/sys/windows has both) with the user's logon credentials,
//     the blob kept in a file under %APPDATA%\Madoguchi\keyring; or the
//     Credential Manager (CredWriteW / CredReadW, generic credentials, at
//     most 2,560 bytes, ample for 32). DPAPI ties the secret to the Windows
//     account, so a copy of the file is useless on another account or PC.
//   - Linux desktop: the freedesktop Secret Service over D-Bus
//     (org.freedesktop.secrets: OpenSession with "plain" or
//     "dh-ietf1024-sha256-aes128-cbc-pkcs7", CreateItem in the default
//     collection with attributes {application: madoguchi, name: <name>},
//     SearchItems + GetSecret to read), served by GNOME Keyring or KWallet
//     and unlocked with the desktop login. github.com/godbus/dbus/v5 is
//     already in go.sum through Wails.
//   - macOS: the login Keychain (Security framework, SecItemAdd /
//     SecItemCopyMatching with kSecClassGenericPassword).
//
// FileKeyring is the fallback for Linux without a Secret Service (kiosks,
// servers): see its comment for what it does and does not protect against.
type Keyring interface {
	// Get returns the secret stored under name, or an error wrapping
	// ErrNoSecret when there is none.
	Get(name string) ([]byte, error)
	// Set stores secret under name, replacing any secret already there.
	Set(name string, secret []byte) error
}

// ErrNoSecret means the keyring holds nothing under that name.
var ErrNoSecret = errors.New("keyring: no secret under that name")

// ErrKeyringUnsafe means a keyring file can be read by other users.
var ErrKeyringUnsafe = errors.New("keyring: file is readable by other users")

// validName keeps keyring names usable as file names on every system.
var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$`)

// FileKeyring keeps each secret in its own file, mode 0600, in a directory
// of mode 0700: by default ~/.config/madoguchi/keyring ($XDG_CONFIG_HOME
// honoured), outside the data directory so that copying the data folder or
// its backups does not copy the key.
//
// It is the FALLBACK for Linux without a Secret Service. It protects the
// database file when it is copied or backed up on its own, and from other
// (non-root) accounts on the PC. It does NOT protect against anyone who can
// act as this account or as root, nor against a copy of the whole home
// directory or an unencrypted disk: for that use full-disk encryption, or
// give Open no keyring so the passphrase is asked at every start.
type FileKeyring struct {
	dir string
}

// NewFileKeyring returns a keyring storing its files in dir.
func NewFileKeyring(dir string) *FileKeyring {
	return &FileKeyring{dir: dir}
}

// DefaultKeyringDir is where the file keyring lives for this account:
// os.UserConfigDir()/madoguchi/keyring.
func DefaultKeyringDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find config directory: %w", err)
	}
	return filepath.Join(base, "madoguchi", "keyring"), nil
}

// Get reads the secret under name. A file that other users could read is
// refused (like ssh does with private keys), since its secret may have been
// copied: Unlock with the passphrase then writes a new one with mode 0600.
func (k *FileKeyring) Get(name string) ([]byte, error) {
	path, err := k.path(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("keyring get %s: %w", name, ErrNoSecret)
	}
	if err != nil {
		return nil, fmt.Errorf("keyring get %s: %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("keyring get %s: %w", name, err)
	}
	// Windows has no Unix permission bits; its implementation is DPAPI.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keyring get %s: %w (mode %o)", name, ErrKeyringUnsafe, info.Mode().Perm())
	}
	secret := make([]byte, info.Size())
	if _, err := f.ReadAt(secret, 0); err != nil && info.Size() > 0 {
		return nil, fmt.Errorf("keyring get %s: %w", name, err)
	}
	return secret, nil
}

// Set writes the secret to a temporary file of mode 0600, syncs it and
// renames it over the old one, so a crash leaves the old secret or the new
// one, never half of one.
func (k *FileKeyring) Set(name string, secret []byte) error {
	path, err := k.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return fmt.Errorf("keyring set %s: %w", name, err)
	}
	// MkdirAll keeps an existing directory's mode: tighten it.
	if err := os.Chmod(k.dir, 0o700); err != nil {
		return fmt.Errorf("keyring set %s: %w", name, err)
	}
	tmp, err := os.CreateTemp(k.dir, ".tmp-"+name+"-*")
	if err != nil {
		return fmt.Errorf("keyring set %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := writeSynced(tmp, secret); err != nil {
		return fmt.Errorf("keyring set %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("keyring set %s: %w", name, err)
	}
	if d, err := os.Open(k.dir); err == nil { // make the rename durable
		d.Sync()
		d.Close()
	}
	return nil
}

func writeSynced(f *os.File, data []byte) error {
	defer f.Close()
	if err := f.Chmod(0o600); err != nil { // CreateTemp uses 0600; be explicit
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

func (k *FileKeyring) path(name string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("keyring: invalid name %q", name)
	}
	return filepath.Join(k.dir, name), nil
}

// KeyringEnv names the environment variable that chooses the keyring:
// "none" asks for the passphrase at every start; anything else (or unset)
// is this account's file keyring.
const KeyringEnv = "MADOGUCHI_KEYRING"

// DefaultKeyring is the keyring the program and its command line use, as
// KeyringEnv says; nil (no keyring) when there is none or no config
// directory to hold one.
func DefaultKeyring(getenv func(string) string) (Keyring, error) {
	if getenv(KeyringEnv) == "none" {
		return nil, nil
	}
	dir, err := DefaultKeyringDir()
	if err != nil {
		return nil, err
	}
	return NewFileKeyring(dir), nil
}
