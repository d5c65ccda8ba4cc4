package cardtest

import (
	"testing"

	"github.com/ebfe/scard"

	"madoguchi/app/card/virtual"
)

// recorder is a testing.TB that records how unavailable ended the test instead of ending it.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Logf(string, ...any)   {}
func (r *recorder) Cleanup(func())        {}
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Skip(...any)           { r.skipped = true }

func TestMissingStackSkipsOnlyOutsideCI(t *testing.T) {
	tests := []struct {
		ci         string
		skip, fail bool
	}{
		{"", true, false},
		{"true", false, true},
		{"1", false, true},
		{"false", true, false},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			unavailable(r, "pcscd is not installed")
			if r.skipped != tt.skip || r.failed != tt.fail {
				t.Errorf("skipped %v, failed %v; want %v, %v", r.skipped, r.failed, tt.skip, tt.fail)
			}
		})
	}
}

func TestReaderNames(t *testing.T) {
	if ReaderName(0) != "Virtual PCD 00 00" || ReaderName(1) != "Virtual PCD 00 01" {
		t.Errorf("reader names %q, %q", ReaderName(0), ReaderName(1))
	}
	if virtual.ReaderAddr(0) != virtual.DefaultAddr || virtual.ReaderAddr(1) != "127.0.0.1:35964" {
		t.Errorf("reader addresses %q, %q", virtual.ReaderAddr(0), virtual.ReaderAddr(1))
	}
}

// TestInsertPullAndCleanup checks what the helpers promise: the card is seen present after InsertCard, absent
// after Pull, and the reader is empty again once the test that inserted it has ended.
func TestInsertPullAndCleanup(t *testing.T) {
	StartPCSC(t)
	var card *virtual.Card
	t.Run("insert", func(t *testing.T) {
		card = InsertCard(t, virtual.DefaultPersona(), 1)
		if !card.Inserted() || !present(t, 1) {
			t.Fatal("card not in reader 1")
		}
		Pull(t, card, 1)
		if present(t, 1) {
			t.Fatal("reader 1 not empty after Pull")
		}
		Insert(t, card, 1)
	})
	if card.Inserted() || present(t, 1) {
		t.Error("the card outlived the test that inserted it")
	}
}

func present(t *testing.T, slot int) bool {
	t.Helper()
	ctx, err := scard.EstablishContext()
	if err != nil {
		t.Fatal(err)
	}
	defer ctx.Release()
	states := []scard.ReaderState{{Reader: ReaderName(slot), CurrentState: scard.StateUnaware}}
	if err := ctx.GetStatusChange(states, 0); err != nil {
		t.Fatal(err)
	}
	return states[0].EventState&scard.StatePresent != 0
}
