// Package cardtest runs the real PC/SC stack (pcscd + vsmartcard-vpcd) for tests and puts virtual cards in it.
//
// A test calls StartPCSC once, then InsertCard for each card it needs:
//
//	cardtest.StartPCSC(t)
//	card := cardtest.InsertCard(t, virtual.DefaultPersona(), 0)
//	// connect to cardtest.ReaderName(0) with github.com/ebfe/scard ...
//
// pcscd and vpcd's two readers are one per machine, so StartPCSC holds an exclusive lock (flock on
// /tmp/madoguchi-pcsc.lock) until the test ends: test packages that `go test ./...` runs in parallel take turns.
// Calling StartPCSC twice in one test, or in two tests of one process running in parallel, waits for the first.
package cardtest

import (
	"os"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"madoguchi/app/card/virtual"
)

// LockPath is the file whose flock serialises every user of the machine's pcscd and vpcd readers.
const LockPath = "/tmp/madoguchi-pcsc.lock"

// How long to wait for pcscd, for a reader to see a card come or go, and for another process's lock.
const (
	startTimeout = 15 * time.Second
	cardTimeout  = 10 * time.Second
	lockTimeout  = 10 * time.Minute
)

// ReaderName is the PC/SC name of vpcd's reader slot 0 or 1.
func ReaderName(slot int) string {
	if slot == 1 {
		return "Virtual PCD 00 01"
	}
	return "Virtual PCD 00 00"
}

// InCI says whether the tests run in continuous integration ($CI set, and not "false" or "0"): there a missing
// card stack fails the test, because CI must never skip silently.
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// unavailable skips the test, or fails it in CI, when the card stack cannot run on this machine.
func unavailable(t testing.TB, reason string) {
	t.Helper()
	if InCI() {
		t.Fatalf("card stack unavailable in CI: %s", reason)
		return
	}
	t.Skipf("card stack unavailable (set CI=true to make this fail): %s", reason)
}

// InsertCard makes a virtual card for the persona, puts it in vpcd's reader slot (0 or 1) and waits until PC/SC
// sees it. The card is taken out when the test ends. StartPCSC must have been called.
func InsertCard(t testing.TB, p virtual.Persona, slot int) *virtual.Card {
	t.Helper()
	card, err := virtual.New(p)
	if err != nil {
		t.Fatalf("virtual card: %v", err)
	}
	Insert(t, card, slot)
	return card
}

// Insert puts an existing card in the reader slot and waits until PC/SC sees it; when the test ends the card is
// taken out and PC/SC has seen the slot empty, so the next test's card is not mistaken for this one. Use it to
// re-insert a card after Pull.
func Insert(t testing.TB, card *virtual.Card, slot int) {
	t.Helper()
	if err := card.Insert(virtual.ReaderAddr(slot)); err != nil {
		t.Fatalf("insert virtual card (did the test call cardtest.StartPCSC?): %v", err)
	}
	t.Cleanup(func() {
		if card.Inserted() {
			Pull(t, card, slot)
		}
	})
	WaitPresent(t, slot)
}

// Pull takes the card out and waits until PC/SC sees the reader empty.
func Pull(t testing.TB, card *virtual.Card, slot int) {
	t.Helper()
	card.Remove()
	WaitAbsent(t, slot)
}

// WaitPresent waits until PC/SC reports a card in the reader slot.
func WaitPresent(t testing.TB, slot int) {
	t.Helper()
	waitState(t, slot, true)
}

// WaitAbsent waits until PC/SC reports the reader slot empty (a pulled card, or a removeAfterAPDUs fault).
func WaitAbsent(t testing.TB, slot int) {
	t.Helper()
	waitState(t, slot, false)
}

func waitState(t testing.TB, slot int, present bool) {
	t.Helper()
	ctx, err := scard.EstablishContext()
	if err != nil {
		t.Fatalf("PC/SC context (did the test call cardtest.StartPCSC?): %v", err)
	}
	defer ctx.Release()
	states := []scard.ReaderState{{Reader: ReaderName(slot), CurrentState: scard.StateUnaware}}
	deadline := time.Now().Add(cardTimeout)
	for {
		err := ctx.GetStatusChange(states, 500*time.Millisecond)
		if err != nil && err != scard.ErrTimeout {
			t.Fatalf("PC/SC status of %s: %v", ReaderName(slot), err)
		}
		if err == nil {
			if (states[0].EventState&scard.StatePresent != 0) == present {
				return
			}
			states[0].CurrentState = states[0].EventState &^ scard.StateChanged
		}
		if time.Now().After(deadline) {
			t.Fatalf("PC/SC did not see the card %s in %s within %s", map[bool]string{true: "arrive", false: "leave"}[present], ReaderName(slot), cardTimeout)
		}
	}
}
