package card

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

// These tests go through the real PC/SC stack: pcscd with vsmartcard-vpcd's
// two readers and the project's virtual card (app/card/cardtest). They are
// skipped where the stack is not installed, and fail in CI.

const eventWait = 10 * time.Second

// events runs a Monitor until the test ends and passes its events on.
// Stop it (the returned func) before calling cardtest helpers that wait for
// a card themselves: they also use GetStatusChange, which ebfe/scard does
// not allow from two goroutines at once.
func events(t *testing.T) (<-chan Event, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan Event, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = Monitor{Retry: 200 * time.Millisecond}.Run(ctx, func(e Event) { ch <- e })
	}()
	stop := func() {
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return ch, stop
}

// await reads events until want has come, failing after eventWait.
func await(t *testing.T, ch <-chan Event, want Event) {
	t.Helper()
	deadline := time.After(eventWait)
	var seen []Event
	for {
		select {
		case e := <-ch:
			if e == want {
				return
			}
			seen = append(seen, e)
		case <-deadline:
			t.Fatalf("no %+v within %s; saw %+v", want, eventWait, seen)
		}
	}
}

func insert(t *testing.T, c *virtual.Card, slot int) {
	t.Helper()
	if err := c.Insert(virtual.ReaderAddr(slot)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Remove)
}

// use puts a virtual card in the reader slot until the subtest ends, and
// then waits until PC/SC has seen it go, so the next subtest does not find
// the old card's state.
func use(t *testing.T, p virtual.Persona, slot int) *virtual.Card {
	t.Helper()
	c := cardtest.InsertCard(t, p, slot)
	t.Cleanup(func() { cardtest.Pull(t, c, slot) })
	return c
}

func TestRealStack(t *testing.T) {
	stopPCSC, startPCSC := cardtest.StartPCSCRestartable(t)
	r0, r1 := cardtest.ReaderName(0), cardtest.ReaderName(1)
	ctx := context.Background()

	t.Run("readers listed", func(t *testing.T) {
		names, err := Readers(ctx)
		if err != nil || !slices.Contains(names, r0) || !slices.Contains(names, r1) {
			t.Fatalf("Readers = %q, %v", names, err)
		}
	})

	t.Run("monitor sees insert and removal", func(t *testing.T) {
		ch, stop := events(t)
		await(t, ch, Event{Reader: r0, Kind: ReaderAdded})
		c := newCard(t, nil)
		insert(t, c, 0)
		await(t, ch, Event{Reader: r0, Kind: CardInserted})
		c.Remove()
		await(t, ch, Event{Reader: r0, Kind: CardRemoved})
		insert(t, c, 1)
		await(t, ch, Event{Reader: r1, Kind: CardInserted})
		c.Remove()
		await(t, ch, Event{Reader: r1, Kind: CardRemoved})
		stop()
	})

	t.Run("monitor reports a card already there", func(t *testing.T) {
		use(t, virtual.DefaultPersona(), 0)
		ch, stop := events(t)
		await(t, ch, Event{Reader: r0, Kind: CardInserted})
		stop()
	})

	t.Run("status and basic info", func(t *testing.T) {
		p := virtual.DefaultPersona()
		p.PINs.UserAuth.TriesLeft = 2
		c := use(t, p, 0)
		s, err := Open(ctx, r0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, err := s.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Token != TokenCard || st.AuthPIN.TriesLeft != 2 || st.CardInfoPIN.TriesLeft != 3 ||
			st.SignaturePassword.TriesLeft != 5 || !st.CertExpiry.Equal(c.AuthCert().NotAfter) {
			t.Errorf("status %+v", st)
		}
		info, err := s.ReadBasic(ctx, NewPIN("1234"), ReadOptions{WithNumber: true, ChipTrust: trustOf(c)})
		if err != nil {
			t.Fatal(err)
		}
		if info.Name != p.Name || info.Address != p.Address || info.BirthDate != p.BirthDate || info.Sex != p.Sex ||
			info.Number != p.Number || info.Chip.Result != ChipAuthentic || !info.ExtendedAPDU {
			t.Errorf("basic info differs from the persona's (chip %+v)", info.Chip)
		}
		// The session still works after the reset that ends ReadBasic.
		if _, err := s.Status(ctx); err != nil {
			t.Fatalf("status after ReadBasic: %v", err)
		}
	})

	t.Run("verified PIN does not outlive ReadBasic", func(t *testing.T) {
		use(t, virtual.DefaultPersona(), 0)
		s, err := Open(ctx, r0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.ReadBasic(ctx, NewPIN("1234"), ReadOptions{}); err != nil {
			t.Fatal(err)
		}
		// Another program, straight after, selects the basic-items file
		// without selecting the application or giving the PIN: if the card
		// had not been reset, the application and the PIN would still be
		// open to it.
		sc, err := scard.EstablishContext()
		if err != nil {
			t.Fatal(err)
		}
		defer sc.Release()
		other, err := sc.Connect(r0, scard.ShareShared, scard.ProtocolT1)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Disconnect(scard.LeaveCard)
		for _, apdu := range [][]byte{SelectEF(efInfoBasic), {0x00, 0xB0, 0x00, 0x00, 0x10}} {
			ans, err := other.Transmit(apdu)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasSuffix(ans, []byte{0x90, 0x00}) && apdu[1] == 0xB0 {
				t.Fatal("another program read the basic items without the PIN after ReadBasic")
			}
			if !bytes.HasSuffix(ans, []byte{0x90, 0x00}) {
				return // refused: good
			}
		}
	})

	t.Run("two readers", func(t *testing.T) {
		p0, p1 := virtual.DefaultPersona(), virtual.DefaultPersona()
		p1.Name, p1.Number, p1.Sex = "窓口 太郎", "983205673214", "1"
		use(t, p0, 0)
		use(t, p1, 1)
		for _, tt := range []struct {
			reader string
			p      virtual.Persona
		}{{r1, p1}, {r0, p0}} {
			s, err := Open(ctx, tt.reader)
			if err != nil {
				t.Fatal(err)
			}
			info, err := s.ReadBasic(ctx, NewPIN("1234"), ReadOptions{WithNumber: true})
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			if info.Name != tt.p.Name || info.Number != tt.p.Number || info.Sex != tt.p.Sex {
				t.Errorf("%s: read another card's data", tt.reader)
			}
		}
	})

	t.Run("non-extended card", func(t *testing.T) {
		p := virtual.DefaultPersona()
		p.ExtendedAPDU = false
		use(t, p, 0)
		s, err := Open(ctx, r0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		info, err := s.ReadBasic(ctx, NewPIN("1234"), ReadOptions{WithNumber: true})
		if err != nil || info.ExtendedAPDU {
			t.Fatalf("info %v, err %v", info, err)
		}
	})

	t.Run("card pulled during the read", func(t *testing.T) {
		p := virtual.DefaultPersona()
		p.Faults.RemoveAfterAPDUs = 6 // Open takes 2, then into ReadBasic
		use(t, p, 0)
		s, err := Open(ctx, r0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		info, err := s.ReadBasic(ctx, NewPIN("1234"), ReadOptions{WithNumber: true})
		if info != nil || Problem(err) == nil || Problem(err).ID != "card.error.removed" {
			t.Fatalf("info %v, err %v, problem %+v", info, err, Problem(err))
		}
	})

	t.Run("empty reader and unknown reader", func(t *testing.T) {
		if _, err := Open(ctx, r1); !errors.Is(err, ErrNoCard) {
			t.Errorf("empty reader: %v", err)
		}
		if _, err := Open(ctx, "No Such Reader 00 00"); !errors.Is(err, ErrReaderGone) {
			t.Errorf("unknown reader: %v", err)
		}
	})

	t.Run("not a My Number card", func(t *testing.T) {
		p := virtual.DefaultPersona()
		p.Faults.StatusWord = map[string]string{"A4": "6A82"}
		use(t, p, 0)
		if _, err := Open(ctx, r0); !errors.Is(err, ErrNotMyNumberCard) {
			t.Errorf("err = %v", err)
		}
	})

	// Last: it stops pcscd, keeping the card-stack lock so no other test process starts its own meanwhile.
	t.Run("service stops and comes back", func(t *testing.T) {
		ch, stop := events(t)
		await(t, ch, Event{Reader: r0, Kind: ReaderAdded})
		stopPCSC()
		if _, err := Readers(ctx); err == nil {
			stop()
			t.Skip("pcscd was running before the test, so the test does not stop it")
		}
		await(t, ch, Event{Reader: r0, Kind: ReaderRemoved})
		if _, err := Readers(ctx); !errors.Is(err, ErrNoService) {
			t.Errorf("Readers with pcscd stopped: %v", err)
		}
		startPCSC()
		await(t, ch, Event{Reader: r0, Kind: ReaderAdded})
		stop()
	})
}

func TestDiffReaders(t *testing.T) {
	known := map[string]bool{"A": true, "B": false}
	added, removed := diffReaders(known, []string{"B", "C", "D"})
	if !slices.Equal(added, []string{"C", "D"}) || !slices.Equal(removed, []string{"A"}) {
		t.Errorf("added %q removed %q", added, removed)
	}
}

// The watcher reports a reader's card before the reader itself goes, and
// says nothing twice.
func TestWatcherEvents(t *testing.T) {
	var got []Event
	w := watcher{emit: func(e Event) { got = append(got, e) }, present: map[string]bool{}}
	w.syncReaders([]string{"R0", "R1"}, map[string]*scard.ReaderState{})
	w.setPresent("R0", true)
	w.setPresent("R0", true)
	w.forgetAll()
	want := []Event{
		{"R0", ReaderAdded}, {"R1", ReaderAdded}, {"R0", CardInserted},
		{"R0", CardRemoved}, {"R0", ReaderRemoved}, {"R1", ReaderRemoved},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
