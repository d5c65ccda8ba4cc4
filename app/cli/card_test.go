package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
	"madoguchi/app/i18n"
	"madoguchi/locales"
)

// TestCardCommands runs the card commands through pcscd, vpcd and the
// virtual card, as an administrator would at a terminal.
func TestCardCommands(t *testing.T) {
	// No defer of the returned cleanup: it would stop pcscd before InsertCard's own cleanup pulls the card (and
	// waits for PC/SC to see the reader empty); t.Cleanup runs them in the right order.
	cardtest.StartPCSC(t)
	persona := virtual.DefaultPersona()
	persona.PINs.CardInfo.Value = "4321"
	persona.PINs.CardInfo.TriesLeft = 1
	card := cardtest.InsertCard(t, persona, 0)
	reader := cardtest.ReaderName(0)
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	run := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Catalog: cat, Getenv: func(string) string { return "" }}
		return Run(context.Background(), Invocation{Command: args}, env), out.String(), errOut.String()
	}

	code, out, _ := run("", "card", "readers")
	if code != exitOK || !strings.Contains(out, reader) {
		t.Fatalf("card readers: exit %d, %q; want %s listed", code, out, reader)
	}
	code, out, _ = run("", "card", "status", "--reader", reader)
	if code != exitOK || !strings.Contains(out, "card-info input support PIN: 1 tries left") {
		t.Errorf("card status: exit %d\n%s", code, out)
	}

	// One try left: without the confirmation the PIN is not sent.
	code, _, errOut := run("4321\n", "card", "read", "--json", "--reader", reader)
	if code != exitPINNotSent || card.TriesLeft(virtual.CardInfoPIN) != 1 {
		t.Fatalf("read with one try left: exit %d (%s), tries now %d; want exit %d and the try kept",
			code, errOut, card.TriesLeft(virtual.CardInfoPIN), exitPINNotSent)
	}
	code, out, errOut = run("4321\n", "card", "read", "--json", "--confirm-last-try", "--reader", reader)
	if code != exitOK {
		t.Fatalf("confirmed read: exit %d: %s", code, errOut)
	}
	var got struct{ Name, BirthDate, Number string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("read output is not JSON: %v\n%s", err, out)
	}
	if got.Name != persona.Name || got.BirthDate != persona.BirthDate {
		t.Errorf("read %+v, want the persona's name and birth date", got)
	}
	if got.Number != "" || strings.Contains(out, persona.Number) {
		t.Error("the command line printed the Individual Number")
	}
}
