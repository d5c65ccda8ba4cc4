package card

import (
	"context"
	"errors"
	"fmt"

	"madoguchi/app/problem"
)

// Errors about the reader and the card as a whole. PC/SC errors are wrapped
// so that errors.Is finds both these and the original scard.Error.
var (
	ErrNoService       = errors.New("smart card service not running")
	ErrNoReader        = errors.New("no card reader connected")
	ErrReaderGone      = errors.New("card reader unavailable")
	ErrNoCard          = errors.New("no card on the reader")
	ErrRemoved         = errors.New("card removed")
	ErrCardReset       = errors.New("card reset by another program")
	ErrUnresponsive    = errors.New("card does not respond")
	ErrBusy            = errors.New("card in use by another program")
	ErrNotMyNumberCard = errors.New("not a My Number card")
	ErrMalformed       = errors.New("card data malformed")
	ErrNumberCheck     = errors.New("number read from the card fails its check digit")
)

// ErrLastTryNeedsConfirmation: one PIN try is left and the caller did not
// confirm spending it. Nothing was sent. It comes inside a *PINError.
var ErrLastTryNeedsConfirmation = errors.New("one PIN try left: confirm before trying")

// PINError is a refusal about the PIN with the tries the card has left.
// Kind is ErrWrongPIN, ErrPINBlocked or ErrLastTryNeedsConfirmation.
type PINError struct {
	Kind      error
	TriesLeft int
}

func (e *PINError) Error() string {
	return fmt.Sprintf("%v (%d tries left)", e.Kind, e.TriesLeft)
}

func (e *PINError) Unwrap() error { return e.Kind }

// DecodeError says which file could not be decoded and why; it never
// carries the file's content. errors.Is(err, ErrMalformed) holds.
type DecodeError struct {
	File string // e.g. "card-info EF 0002"
	Err  error
}

func (e *DecodeError) Error() string        { return fmt.Sprintf("decode %s: %v", e.File, e.Err) }
func (e *DecodeError) Unwrap() error        { return e.Err }
func (e *DecodeError) Is(target error) bool { return target == ErrMalformed }

func malformed(file string, format string, args ...any) error {
	return &DecodeError{File: file, Err: fmt.Errorf(format, args...)}
}

// messages maps each error kind to the message that tells staff what
// happened and what to do, most specific first.
var messages = []struct {
	err error
	id  string
}{
	{ErrPINFormat, "card.pin.format"},
	{ErrLastTryNeedsConfirmation, "card.pin.lastTry"},
	{ErrPINBlocked, "card.pin.blocked"},
	{ErrWrongPIN, "card.pin.wrong"},
	{context.Canceled, "card.error.cancelled"},
	{context.DeadlineExceeded, "card.error.cancelled"},
	{ErrNoService, "card.error.noService"},
	{ErrNoReader, "card.error.noReader"},
	{ErrReaderGone, "card.error.readerGone"},
	{ErrNoCard, "card.error.noCard"},
	{ErrRemoved, "card.error.removed"},
	{ErrCardReset, "card.error.reset"},
	{ErrUnresponsive, "card.error.unresponsive"},
	{ErrBusy, "card.error.busy"},
	{ErrNotMyNumberCard, "card.error.notMyNumber"},
	{ErrNumberCheck, "card.error.numberCheck"},
	{ErrSecurityStatus, "card.error.securityStatus"},
	{ErrFileNotFound, "card.error.notFound"},
	{ErrMalformed, "card.error.unreadable"},
	{ErrBadAnswer, "card.error.unreadable"},
	{ErrWrongLength, "card.error.unreadable"},
	{ErrPastEnd, "card.error.unreadable"},
	{ErrUnexpectedStatus, "card.error.unexpectedStatus"},
}

// Problem turns an error of this package into the message staff see: a
// message ID with arguments that never hold personal data (tries left, a
// status word). PIN problems concern the "pin" field. It returns nil for an
// error this package does not know, which the caller logs as unexpected.
func Problem(err error) *problem.Problem {
	if err == nil {
		return nil
	}
	for _, m := range messages {
		if !errors.Is(err, m.err) {
			continue
		}
		var pe *PINError
		var se *StatusError
		switch {
		case m.err == ErrWrongPIN && errors.As(err, &pe):
			if pe.TriesLeft == 0 {
				return problem.OnField("pin", "card.pin.blocked", nil)
			}
			return problem.OnField("pin", m.id, map[string]any{"Count": pe.TriesLeft})
		case m.err == ErrWrongPIN && errors.As(err, &se):
			// 63Cx to a command other than VERIFY: not about the PIN.
			return problem.New("card.error.unexpectedStatus", map[string]any{"Code": fmt.Sprintf("%04X", se.SW)})
		case m.err == ErrPINFormat || m.err == ErrLastTryNeedsConfirmation || m.err == ErrPINBlocked:
			return problem.OnField("pin", m.id, nil)
		case m.err == ErrUnexpectedStatus && errors.As(err, &se):
			return problem.New(m.id, map[string]any{"Code": fmt.Sprintf("%04X", se.SW)})
		default:
			return problem.New(m.id, nil)
		}
	}
	return nil
}
