package card

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// PIN holds a 4-digit card PIN for the duration of one call. Everything
// that prints it (fmt, %#v, JSON, slog) prints "****". The read functions
// wipe it when they return, so a PIN cannot be used twice by accident:
// ask the person again.
type PIN struct {
	digits []byte
}

const pinMask = "****"

// NewPIN copies s into a PIN. It is checked only when used, so that the
// check and its message come from one place (PIN.Validate).
func NewPIN(s string) PIN {
	return PIN{digits: []byte(s)}
}

// ErrPINFormat: the PIN is not exactly 4 ASCII digits. Nothing was sent.
var ErrPINFormat = errors.New("PIN must be 4 digits")

// Validate checks that the PIN is exactly 4 ASCII digits (not full-width,
// not spaces): the card would count anything else as a wrong try.
func (p PIN) Validate() error {
	if len(p.digits) != pinDigits {
		return ErrPINFormat
	}
	for _, c := range p.digits {
		if c < '0' || c > '9' {
			return ErrPINFormat
		}
	}
	return nil
}

// Wipe overwrites the digits in place; every copy of p shares them.
func (p PIN) Wipe() {
	clear(p.digits)
}

func (p PIN) String() string   { return pinMask }
func (p PIN) GoString() string { return pinMask }

// Format prints the mask whatever the verb, so %d or %x cannot reveal the
// bytes either.
func (p PIN) Format(f fmt.State, _ rune) { fmt.Fprint(f, pinMask) }

// LogValue keeps the PIN out of structured logs.
func (p PIN) LogValue() slog.Value { return slog.StringValue(pinMask) }

// MarshalJSON prints the mask.
func (p PIN) MarshalJSON() ([]byte, error) { return json.Marshal(pinMask) }

// MarshalText prints the mask.
func (p PIN) MarshalText() ([]byte, error) { return []byte(pinMask), nil }

// UnmarshalJSON reads a JSON string, so the desk can take a PIN straight
// from the window. The intermediate string cannot be wiped: Go strings are
// immutable.
func (p *PIN) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return ErrPINFormat
	}
	*p = NewPIN(s)
	return nil
}
