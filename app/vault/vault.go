// Package vault is the one place every sensitive field passes through before
// it is stored. Each sealed value starts with a 1-byte format prefix: 0x00
// means the rest is plaintext (the format for now). AES-GCM will be added as
// format 0x01 later; because every stored value names its own format, old
// rows stay readable and need no migration when that happens. Open rejects
// any prefix it does not know instead of guessing.
package vault

import (
	"errors"
	"fmt"
)

// Format prefixes. Never reuse or renumber one: rows on disk carry them.
const (
	formatPlain byte = 0x00
)

// ErrUnknownFormat means a sealed value has no prefix or one this version
// cannot read (for example a row written by a newer Madoguchi).
var ErrUnknownFormat = errors.New("vault: unknown sealed format")

// Vault seals and opens sensitive values.
type Vault struct{}

// New returns a vault. It takes no key yet: see the package comment.
func New() *Vault {
	return &Vault{}
}

// Seal returns plain prefixed with its format byte, ready to store.
func (v *Vault) Seal(plain []byte) ([]byte, error) {
	out := make([]byte, 0, len(plain)+1)
	out = append(out, formatPlain)
	return append(out, plain...), nil
}

// Open returns the plain value of a sealed one. The result never aliases
// sealed, so callers may keep it after reusing their buffer.
func (v *Vault) Open(sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, fmt.Errorf("open sealed value: %w: empty value", ErrUnknownFormat)
	}
	switch sealed[0] {
	case formatPlain:
		return append([]byte{}, sealed[1:]...), nil
	default:
		return nil, fmt.Errorf("open sealed value: %w: prefix 0x%02x", ErrUnknownFormat, sealed[0])
	}
}
