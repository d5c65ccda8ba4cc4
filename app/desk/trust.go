package desk

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
)

// ChipTrustDir is the folder, inside the data directory, of the issuer
// certificates (PEM) the chip-data signature is checked against. The
// administrator puts the issuer's certificates there; the virtual card
// writes its test issuer there in training mode. Without them the chip data
// shows as "not verified", never as authentic.
const ChipTrustDir = "chip-trust"

// LoadChipTrust reads every certificate in dataDir/chip-trust/*.pem.
func LoadChipTrust(dataDir string) ([]*x509.Certificate, error) {
	files, err := filepath.Glob(filepath.Join(dataDir, ChipTrustDir, "*.pem"))
	if err != nil {
		return nil, fmt.Errorf("list chip trust: %w", err)
	}
	var out []*x509.Certificate
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return out, fmt.Errorf("read chip trust: %w", err)
		}
		for {
			var blk *pem.Block
			blk, b = pem.Decode(b)
			if blk == nil {
				break
			}
			c, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				return out, fmt.Errorf("chip trust %s: %w", filepath.Base(f), err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}
