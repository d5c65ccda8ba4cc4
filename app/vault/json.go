package vault

import (
	"encoding/json"
	"fmt"
)

// SealJSON seals v encoded as JSON: how packages store a record's personal
// data as one sealed value. s is a *Vault, or a package's narrower Sealer.
func SealJSON(s interface{ Seal([]byte) ([]byte, error) }, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode sealed value: %w", err)
	}
	return s.Seal(plain)
}

// OpenJSON opens a value sealed by SealJSON into into.
func OpenJSON(s interface{ Open([]byte) ([]byte, error) }, sealed []byte, into any) error {
	plain, err := s.Open(sealed)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(plain, into); err != nil {
		return fmt.Errorf("decode sealed value: %w", err)
	}
	return nil
}
