package card

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ebfe/scard"
)

// EventKind says what changed on a reader.
type EventKind string

// Event kinds.
const (
	CardInserted  EventKind = "inserted"
	CardRemoved   EventKind = "removed"
	ReaderAdded   EventKind = "readerAdded"
	ReaderRemoved EventKind = "readerRemoved"
)

// Event is one change seen by a Monitor.
type Event struct {
	Reader string    `json:"reader"`
	Kind   EventKind `json:"kind"`
}

// pnpReader is the pseudo-reader whose state changes when a reader is
// plugged in or out (pcsc-lite and Windows alike).
const pnpReader = `\\?PnP?\Notification`

// statusChangeMu serialises GetStatusChange: ebfe/scard records each
// reader name in a package-level map before every call, which is not safe
// from two goroutines at once. Held for at most pollEvery.
var statusChangeMu sync.Mutex

// pollEvery bounds each GetStatusChange, so several Monitors can take turns
// and a reader plugged in between two calls (missed by old pcsc-lite
// versions) is found by listing the readers again.
const pollEvery = time.Second

// Monitor watches every reader and reports cards inserted and removed and
// readers plugged in and out.
type Monitor struct {
	// Retry is how long to wait before trying again when the PC/SC service
	// is not running (on Windows it stops when the last reader is unplugged).
	// Zero means 2 seconds.
	Retry time.Duration
}

// Run reports the current state first (readerAdded, then inserted for each
// card present), then every change, until ctx is done; it returns nil then.
// When the service goes away every reader is reported removed, and Run
// keeps trying to reconnect. emit is called from Run's goroutine.
func (m Monitor) Run(ctx context.Context, emit func(Event)) error {
	retry := m.Retry
	if retry <= 0 {
		retry = 2 * time.Second
	}
	w := watcher{emit: emit, present: map[string]bool{}}
	for {
		if sc, err := scard.EstablishContext(); err == nil {
			w.watch(ctx, sc)
			sc.Release()
		}
		if ctx.Err() != nil {
			return nil // stopping is not a change to report
		}
		w.forgetAll()
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
}

// watcher holds what the consumer has been told: reader → card present.
type watcher struct {
	emit    func(Event)
	present map[string]bool
}

// watch follows the readers on sc until ctx is done or the service fails.
func (w *watcher) watch(ctx context.Context, sc *scard.Context) {
	stop := context.AfterFunc(ctx, func() { _ = sc.Cancel() })
	defer stop()
	pnp := scard.ReaderState{Reader: pnpReader}
	states := map[string]*scard.ReaderState{}
	for ctx.Err() == nil {
		names, err := listReaders(sc)
		if err != nil {
			return
		}
		w.syncReaders(names, states)
		call := make([]scard.ReaderState, 0, len(names)+1)
		call = append(call, pnp)
		for _, n := range names {
			call = append(call, *states[n])
		}
		statusChangeMu.Lock()
		err = sc.GetStatusChange(call, pollEvery)
		statusChangeMu.Unlock()
		switch {
		case errors.Is(err, scard.ErrTimeout):
			continue
		case errors.Is(err, scard.ErrUnknownReader):
			continue // a reader left between listing and waiting: list again
		case err != nil:
			return // cancelled, or the service is gone
		}
		pnp.CurrentState = call[0].EventState &^ scard.StateChanged
		for _, st := range call[1:] {
			st.CurrentState = st.EventState &^ scard.StateChanged
			*states[st.Reader] = st
			w.setPresent(st.Reader, cardPresent(st.EventState))
		}
	}
}

// cardPresent: a mute card (present but not answering) still counts, so the
// screen says "card found" and opening it explains the problem.
func cardPresent(s scard.StateFlag) bool {
	return s&scard.StatePresent != 0 && s&(scard.StateUnavailable|scard.StateUnknown) == 0
}

// syncReaders reports readers that appeared or went, and keeps a state for
// each reader present.
func (w *watcher) syncReaders(names []string, states map[string]*scard.ReaderState) {
	added, removed := diffReaders(w.present, names)
	for _, n := range removed {
		w.forget(n)
		delete(states, n)
	}
	for _, n := range added {
		w.present[n] = false
		states[n] = &scard.ReaderState{Reader: n, CurrentState: scard.StateUnaware}
		w.emit(Event{Reader: n, Kind: ReaderAdded})
	}
}

// diffReaders compares the readers known with those listed now, keeping
// the listed order for the added ones.
func diffReaders(known map[string]bool, names []string) (added, removed []string) {
	now := make(map[string]bool, len(names))
	for _, n := range names {
		now[n] = true
		if _, ok := known[n]; !ok {
			added = append(added, n)
		}
	}
	for n := range known {
		if !now[n] {
			removed = append(removed, n)
		}
	}
	slices.Sort(removed)
	return added, removed
}

func (w *watcher) setPresent(reader string, present bool) {
	if w.present[reader] == present {
		return
	}
	w.present[reader] = present
	kind := CardRemoved
	if present {
		kind = CardInserted
	}
	w.emit(Event{Reader: reader, Kind: kind})
}

// forget reports a reader gone, with its card first.
func (w *watcher) forget(reader string) {
	w.setPresent(reader, false)
	delete(w.present, reader)
	w.emit(Event{Reader: reader, Kind: ReaderRemoved})
}

func (w *watcher) forgetAll() {
	for _, n := range slices.Sorted(maps.Keys(w.present)) {
		w.forget(n)
	}
}
