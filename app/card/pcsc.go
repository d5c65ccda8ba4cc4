package card

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebfe/scard"
)

// pcscErrors maps PC/SC results to this package's errors, so that staff get
// a message that says what to do (errors.go) and callers can test with
// errors.Is without importing scard.
var pcscErrors = map[scard.Error]error{
	scard.ErrRemovedCard:        ErrRemoved,
	scard.ErrNotTransacted:      ErrRemoved, // seen when the card goes during a transaction
	scard.ErrCommError:          ErrRemoved,
	scard.ErrNoSmartcard:        ErrNoCard,
	scard.ErrResetCard:          ErrCardReset,
	scard.ErrUnpoweredCard:      ErrUnresponsive,
	scard.ErrUnresponsiveCard:   ErrUnresponsive,
	scard.ErrProtoMismatch:      ErrNotMyNumberCard, // the card is T=1; one that refuses T=1 is another card
	scard.ErrReaderUnavailable:  ErrReaderGone,
	scard.ErrUnknownReader:      ErrReaderGone,
	scard.ErrNoReadersAvailable: ErrNoReader,
	scard.ErrNoService:          ErrNoService,
	scard.ErrServiceStopped:     ErrNoService,
	scard.ErrSharingViolation:   ErrBusy,
}

// pcscError wraps a PC/SC error with its kind; unknown errors pass as they
// are, so the caller logs them as unexpected.
func pcscError(err error) error {
	var se scard.Error
	if errors.As(err, &se) {
		if kind, ok := pcscErrors[se]; ok {
			return fmt.Errorf("%w: %w", kind, err)
		}
	}
	return err
}

// Readers lists the readers PC/SC knows, in its order. No reader is an
// empty list, not an error; a stopped service is ErrNoService.
func Readers(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc, err := scard.EstablishContext()
	if err != nil {
		return nil, fmt.Errorf("list readers: %w", pcscError(err))
	}
	defer sc.Release()
	names, err := listReaders(sc)
	if err != nil {
		return nil, fmt.Errorf("list readers: %w", pcscError(err))
	}
	return names, nil
}

func listReaders(sc *scard.Context) ([]string, error) {
	names, err := sc.ListReaders()
	if errors.Is(err, scard.ErrNoReadersAvailable) {
		return []string{}, nil
	}
	return names, err
}

// Session is a connection to the card on one named reader, shared with
// other programs (PC/SC shared mode, T=1). It is a Transport; each
// operation (Status, ReadBasic) holds a PC/SC transaction, and operations
// on one session run one after the other.
type Session struct {
	reader string
	op     sync.Mutex // one operation at a time: the transaction is the handle's, not the goroutine's
	mu     sync.Mutex // guards card and sc; one APDU at a time
	sc     *scard.Context
	card   *scard.Card
	apdus  atomic.Int64
}

// Open connects to the card on reader and checks that it is a My Number
// card by selecting its JPKI and card-info applications (the ATR of newer
// cards may differ, so it is not used). Close the session when done.
func Open(ctx context.Context, reader string) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc, err := scard.EstablishContext()
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", reader, pcscError(err))
	}
	c, err := sc.Connect(reader, scard.ShareShared, scard.ProtocolT1)
	if err != nil {
		sc.Release()
		return nil, fmt.Errorf("open %q: %w", reader, pcscError(err))
	}
	s := &Session{reader: reader, sc: sc, card: c}
	if err := s.identify(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %q: %w", reader, err)
	}
	return s, nil
}

// identify selects the two applications this package reads. Any refusal
// means another kind of card (a residence card, a bank card).
func (s *Session) identify(ctx context.Context) error {
	release, err := s.hold(ctx)
	if err != nil {
		return err
	}
	defer release(false)
	for _, aid := range [][]byte{aidJPKI, aidCardInfo} {
		_, err := command(ctx, s, SelectAID(aid))
		var se *StatusError
		if errors.As(err, &se) {
			return fmt.Errorf("%w: %w", ErrNotMyNumberCard, err)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Reader is the name of the reader the session is on.
func (s *Session) Reader() string { return s.reader }

// APDUs is how many APDUs the session has sent.
func (s *Session) APDUs() int64 { return s.apdus.Load() }

// Transmit sends one APDU to the card.
func (s *Session) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.card == nil {
		return nil, fmt.Errorf("transmit: session closed: %w", ErrRemoved)
	}
	s.apdus.Add(1)
	rsp, err := s.card.Transmit(apdu)
	if err != nil {
		return nil, pcscError(err)
	}
	if len(rsp) < 2 {
		return nil, s.whyNoAnswer(ctx)
	}
	return rsp, nil
}

// removalGrace is how long an empty answer waits for PC/SC to notice that
// the card went: pcscd polls readers every ~400 ms.
const (
	removalGrace = 1500 * time.Millisecond
	removalPoll  = 50 * time.Millisecond
)

// whyNoAnswer explains an answer without even a status word. vpcd (and
// possibly other drivers) returns one when the card is pulled during the
// command, before PC/SC has noticed; staff should then hear "card removed",
// not "garbled answer". Called with s.mu held.
func (s *Session) whyNoAnswer(ctx context.Context) error {
	deadline := time.Now().Add(removalGrace)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if _, err := s.card.Status(); err != nil {
			return pcscError(err)
		}
		time.Sleep(removalPoll)
	}
	return ErrBadAnswer
}

// Status reads what the card tells without a PIN (see ReadStatus).
func (s *Session) Status(ctx context.Context) (*Status, error) { return ReadStatus(ctx, s) }

// ReadBasic reads the basic items with the PIN (see the function ReadBasic).
func (s *Session) ReadBasic(ctx context.Context, pin PIN, opts ReadOptions) (*BasicInfo, error) {
	return ReadBasic(ctx, s, pin, opts)
}

// hold begins a PC/SC transaction. Released with reset, the card is reset
// at its end, which makes it forget any verified PIN, and the session
// reconnects so its next operation starts clean.
func (s *Session) hold(ctx context.Context) (func(reset bool), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.op.Lock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.card == nil {
		s.op.Unlock()
		return nil, fmt.Errorf("begin transaction: session closed: %w", ErrRemoved)
	}
	if err := s.card.BeginTransaction(); err != nil {
		s.op.Unlock()
		return nil, fmt.Errorf("begin transaction: %w", pcscError(err))
	}
	return func(reset bool) {
		defer s.op.Unlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.card == nil {
			return
		}
		disp := scard.LeaveCard
		if reset {
			disp = scard.ResetCard
		}
		// Errors here mean the card is gone; the next operation says so.
		_ = s.card.EndTransaction(disp)
		if reset {
			_ = s.card.Reconnect(scard.ShareShared, scard.ProtocolT1, scard.LeaveCard)
		}
	}, nil
}

// Close disconnects, resetting the card so that nothing stays verified, and
// releases the PC/SC context. Closing twice is harmless.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.card == nil {
		return nil
	}
	err := s.card.Disconnect(scard.ResetCard)
	if errors.Is(err, scard.ErrRemovedCard) || errors.Is(err, scard.ErrNoSmartcard) {
		err = nil // nothing left to reset
	}
	if rerr := s.sc.Release(); err == nil {
		err = rerr
	}
	s.card, s.sc = nil, nil
	if err != nil {
		return fmt.Errorf("close %q: %w", s.reader, pcscError(err))
	}
	return nil
}
