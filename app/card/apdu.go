package card

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Transport sends one command APDU and returns the card's answer, data and
// status word together. The PC/SC reader (Session) and, in tests, the
// virtual card in-process both satisfy it.
type Transport interface {
	Transmit(ctx context.Context, apdu []byte) ([]byte, error)
}

// TransportFunc lets a plain function act as a Transport.
type TransportFunc func(ctx context.Context, apdu []byte) ([]byte, error)

// Transmit calls f.
func (f TransportFunc) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	return f(ctx, apdu)
}

// Counter is a Transport that counts the APDUs it passes on, GET RESPONSE
// and retries included: the figure a benchmark reports.
type Counter struct {
	T Transport
	n atomic.Int64
}

// NewCounter counts the APDUs sent through t.
func NewCounter(t Transport) *Counter { return &Counter{T: t} }

// Transmit passes apdu on and counts it.
func (c *Counter) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	c.n.Add(1)
	return c.T.Transmit(ctx, apdu)
}

// Count returns the APDUs sent so far.
func (c *Counter) Count() int64 { return c.n.Load() }

// SelectAID builds SELECT by application identifier, no answer data:
// 00 A4 04 0C Lc AID.
func SelectAID(aid []byte) []byte {
	return append([]byte{0x00, 0xA4, 0x04, 0x0C, byte(len(aid))}, aid...)
}

// SelectEF builds SELECT of an elementary file of the current application:
// 00 A4 02 0C 02 FID.
func SelectEF(fid uint16) []byte {
	return []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, byte(fid >> 8), byte(fid)}
}

// ReadBinary builds READ BINARY of n bytes at offset of the current file:
// short 00 B0 P1 P2 Le (n ≤ 256, Le 00 meaning 256) or, when extended,
// 00 B0 P1 P2 00 HH LL (n ≤ 65536, 00 00 meaning 65536).
func ReadBinary(offset, n int, extended bool) ([]byte, error) {
	// P1 bit 8 set would mean "short EF identifier", so offsets stop at 7FFF.
	if offset < 0 || offset > 0x7FFF {
		return nil, fmt.Errorf("read binary: offset %d out of range", offset)
	}
	p1, p2 := byte(offset>>8), byte(offset)
	switch {
	case n < 1:
		return nil, fmt.Errorf("read binary: length %d out of range", n)
	case !extended && n <= maxShortLe:
		return []byte{0x00, 0xB0, p1, p2, byte(n)}, nil // 256 wraps to 00
	case extended && n <= maxExtendedLe:
		return []byte{0x00, 0xB0, p1, p2, 0x00, byte(n >> 8), byte(n)}, nil // 65536 wraps to 00 00
	default:
		return nil, fmt.Errorf("read binary: length %d too long (extended %v)", n, extended)
	}
}

// Verify builds VERIFY on the current PIN file: 00 20 00 80 Lc PIN, or with
// no PIN 00 20 00 80, which asks for the tries left without spending one.
func Verify(pin []byte) []byte {
	if len(pin) == 0 {
		return []byte{0x00, 0x20, 0x00, 0x80}
	}
	return append([]byte{0x00, 0x20, 0x00, 0x80, byte(len(pin))}, pin...)
}

// Errors for status words. A *StatusError unwraps to one of them.
var (
	ErrFileNotFound     = errors.New("file or application not found")                // 6A82
	ErrSecurityStatus   = errors.New("security status not satisfied")                // 6982
	ErrWrongPIN         = errors.New("wrong PIN")                                    // 63Cx
	ErrPINBlocked       = errors.New("PIN blocked")                                  // 6983, 6984
	ErrWrongLength      = errors.New("wrong length")                                 // 6700
	ErrPastEnd          = errors.New("offset past the end of the file")              // 6B00
	ErrUnexpectedStatus = errors.New("unexpected status")                            // anything else
	ErrBadAnswer        = errors.New("answer from the card is truncated or garbled") // not even a status word
)

// StatusError is a status word other than 9000.
type StatusError struct {
	SW uint16
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("card answered %04X: %v", e.SW, e.Unwrap())
}

// Unwrap returns the kind of status, so errors.Is(err, ErrFileNotFound)
// works on a wrapped StatusError.
func (e *StatusError) Unwrap() error {
	switch {
	case e.SW == 0x6A82:
		return ErrFileNotFound
	case e.SW == 0x6982:
		return ErrSecurityStatus
	case e.SW&0xFFF0 == 0x63C0:
		return ErrWrongPIN
	case e.SW == 0x6983 || e.SW == 0x6984:
		return ErrPINBlocked
	case e.SW == 0x6700:
		return ErrWrongLength
	case e.SW == 0x6B00:
		return ErrPastEnd
	default:
		return ErrUnexpectedStatus
	}
}

// TriesLeft returns x of 63Cx.
func (e *StatusError) TriesLeft() (int, bool) {
	if e.SW&0xFFF0 != 0x63C0 {
		return 0, false
	}
	return int(e.SW & 0x0F), true
}

const (
	swOK        = 0x9000
	swEndOfFile = 0x6282 // fewer bytes than asked: the end of the file came first
)

// maxAnswerRounds bounds GET RESPONSE chaining, so a card that keeps saying
// 61xx cannot keep the reader busy forever (65536 bytes / 256 = 256 rounds).
const maxAnswerRounds = 257

// exchange sends cmd and returns the answer data and status word. It follows
// 61xx with GET RESPONSE and 6Cxx with the command re-sent with the exact
// Le, as ISO 7816-4 asks of a T=0-style answer some cards also give on T=1.
// Status words are returned, not turned into errors: the caller decides.
func exchange(ctx context.Context, t Transport, cmd []byte) ([]byte, uint16, error) {
	data, sw, err := transmitOnce(ctx, t, cmd)
	if err != nil {
		return nil, 0, err
	}
	if sw&0xFF00 == 0x6C00 && len(cmd) == 5 {
		retry := append([]byte(nil), cmd...)
		retry[4] = byte(sw)
		if data, sw, err = transmitOnce(ctx, t, retry); err != nil {
			return nil, 0, err
		}
	}
	for i := 0; sw&0xFF00 == 0x6100; i++ {
		if i == maxAnswerRounds {
			return nil, 0, fmt.Errorf("get response: %w", ErrBadAnswer)
		}
		more, next, err := transmitOnce(ctx, t, []byte{0x00, 0xC0, 0x00, 0x00, byte(sw)})
		if err != nil {
			return nil, 0, err
		}
		data, sw = append(data, more...), next
	}
	return data, sw, nil
}

func transmitOnce(ctx context.Context, t Transport, cmd []byte) ([]byte, uint16, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	raw, err := t.Transmit(ctx, cmd)
	if err != nil {
		return nil, 0, err
	}
	if len(raw) < 2 {
		return nil, 0, ErrBadAnswer
	}
	n := len(raw) - 2
	return raw[:n:n], uint16(raw[n])<<8 | uint16(raw[n+1]), nil
}

// command sends cmd and expects 9000 with no data beyond what the caller
// reads from the result.
func command(ctx context.Context, t Transport, cmd []byte) ([]byte, error) {
	data, sw, err := exchange(ctx, t, cmd)
	if err != nil {
		return nil, err
	}
	if sw != swOK {
		return nil, &StatusError{SW: sw}
	}
	return data, nil
}
