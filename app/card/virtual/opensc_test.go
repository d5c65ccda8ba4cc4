package virtual_test

import (
	"context"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

// TestOpenSCReadsTheCard is the independent check: OpenSC's own JPKI driver (pkcs15-tool -D) must find the PINs
// with their tries and the certificates on the virtual card, through the real PC/SC stack.
func TestOpenSCReadsTheCard(t *testing.T) {
	tool, err := exec.LookPath("pkcs15-tool")
	if err != nil {
		if cardtest.InCI() {
			t.Fatal("pkcs15-tool not found: install opensc (build/deps.sh)")
		}
		t.Skip("pkcs15-tool not found: apt-get install opensc to run the independent check (CI=true makes this fail)")
	}
	cardtest.StartPCSC(t)
	p := virtual.DefaultPersona()
	p.PINs.UserAuth.TriesLeft = 2
	p.PINs.Signature.TriesLeft = 4
	card := cardtest.InsertCard(t, p, 0)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, tool, "--reader", "0", "-D").CombinedOutput()
	if err != nil {
		t.Fatalf("pkcs15-tool -D: %v\n%s", err, out)
	}
	t.Logf("pkcs15-tool -D:\n%s", out)
	for _, want := range []string{
		`(?s)PIN \[User Authentication PIN\].*?Tries left\s*: 2\b`,
		`(?s)PIN \[Digital Signature PIN\].*?Tries left\s*: 4\b`,
		`(?s)X\.509 Certificate \[User Authentication Certificate\].*?Path\s*: 000a`,
		`(?s)X\.509 Certificate \[User Authentication Certificate CA\].*?Path\s*: 000b`,
		`Private RSA Key \[User Authentication Key\]`,
	} {
		if !regexp.MustCompile(want).Match(out) {
			t.Errorf("pkcs15-tool output does not match %s", want)
		}
	}
	serial := regexp.MustCompile(`(?s)\[User Authentication Certificate\].*?Encoded serial\s*: 02 \w+ (\w+)`).FindSubmatch(out)
	if serial == nil {
		t.Errorf("pkcs15-tool did not read the user-authentication certificate (no encoded serial)")
	} else if want := card.AuthCert().SerialNumber.Text(16); !regexp.MustCompile(`(?i)^0*` + want + `$`).Match(serial[1]) {
		t.Errorf("serial %s, want %s", serial[1], want)
	}
	if card.TriesLeft(virtual.UserAuthPIN) != 2 || card.TriesLeft(virtual.SignaturePIN) != 4 {
		t.Error("reading the card spent a PIN try")
	}
}
