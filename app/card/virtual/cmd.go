package virtual

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"madoguchi/app/i18n"
	"madoguchi/locales"
)

const usage = `usage: madoguchi card virtual [--persona FILE] [--reader 0|1]

Puts a virtual My Number card in vpcd's reader until interrupted (Ctrl+C takes it out).
  --persona FILE  the card's holder, PINs, dates and faults (JSON, see docs/virtual-card.md);
                  without it, the built-in persona
  --reader N      0 for "Virtual PCD 00 00" (port 35963), 1 for "Virtual PCD 00 01" (port 35964)
  --trust-dir D   write the card's test chip issuer certificate to D/virtual-card.pem, so that an app
                  whose data directory holds D as chip-trust/ shows this card's chip data as authentic
                  (training and tests only: a real card's issuer is J-LIS)
Needs pcscd running with vsmartcard-vpcd.`

// Main runs `madoguchi card virtual`: args are what follows those words. It serves until ctx is cancelled or the
// process is interrupted, printing one line per thing the card does, and returns the exit code: 0 when the card
// was taken out, 1 when it could not be served, 2 for a wrong command line.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	say := newSayer(os.Getenv)
	fs := flag.NewFlagSet("madoguchi card virtual", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	personaPath := fs.String("persona", "", "persona file")
	reader := fs.Int("reader", 0, "reader slot")
	trustDir := fs.String("trust-dir", "", "folder for the chip issuer certificate")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || (*reader != 0 && *reader != 1) {
		fmt.Fprintln(stderr, say("card.virtual.error.usage", nil))
		fmt.Fprintln(stderr, usage)
		return 2
	}

	persona, source := DefaultPersona(), say("card.virtual.persona.builtin", nil)
	if *personaPath != "" {
		p, err := LoadPersona(*personaPath)
		if err != nil {
			// The reason names fields, never their values.
			fmt.Fprintln(stderr, say("card.virtual.error.persona", map[string]any{"Path": *personaPath, "Reason": err.Error()}))
			return 1
		}
		persona, source = p, *personaPath
	}
	card, err := New(persona)
	if err != nil {
		fmt.Fprintln(stderr, say("card.virtual.error.persona", map[string]any{"Path": source, "Reason": err.Error()}))
		return 1
	}
	card.SetLog(&timestamped{w: stdout})
	if *trustDir != "" {
		if err := writeTrust(*trustDir, card.ChipCACert()); err != nil {
			fmt.Fprintln(stderr, "madoguchi:", err)
			return 1
		}
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	addr := ReaderAddr(*reader)
	fmt.Fprintln(stdout, say("card.virtual.serving", map[string]any{
		"Persona": source, "Reader": fmt.Sprintf("Virtual PCD 00 %02d", *reader), "Addr": addr,
	}))
	err = card.Serve(ctx, addr)
	switch {
	case err == nil:
		fmt.Fprintln(stdout, say("card.virtual.removed", nil))
		return 0
	case errors.Is(err, ErrPulled):
		fmt.Fprintln(stdout, say("card.virtual.pulled", nil))
		return 0
	case errors.Is(err, ErrNoReader):
		fmt.Fprintln(stderr, say("card.virtual.error.noReader", map[string]any{"Addr": addr}))
		return 1
	}
	fmt.Fprintln(stderr, say("card.virtual.error.lost", map[string]any{"Addr": addr}))
	fmt.Fprintln(stderr, "madoguchi:", err)
	return 1
}

// writeTrust writes the chip issuer certificate where the app looks for
// trusted issuers (desk.ChipTrustDir in its data directory).
func writeTrust(dir string, cert *x509.Certificate) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("trust dir: %w", err)
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	if err := os.WriteFile(filepath.Join(dir, "virtual-card.pem"), pemBytes, 0o600); err != nil {
		return fmt.Errorf("write chip issuer certificate: %w", err)
	}
	return nil
}

// newSayer renders messages from the shared catalog in the terminal's language (Japanese when $LANG says ja).
func newSayer(getenv func(string) string) func(id string, args map[string]any) string {
	catalog, err := i18n.Load(locales.FS)
	lang := "en"
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(v, "ja") {
				lang = "ja"
			}
			break
		}
	}
	return func(id string, args map[string]any) string {
		if err != nil {
			return id
		}
		return catalog.Message(lang, id, args)
	}
}

// timestamped prefixes each line the card logs with the time, so a trainer can follow a reading step by step.
type timestamped struct {
	mu sync.Mutex
	w  io.Writer
}

func (t *timestamped) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := fmt.Fprintf(t.w, "%s  %s", time.Now().Format("15:04:05.000"), p); err != nil {
		return 0, err
	}
	return len(p), nil
}
