package card

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"madoguchi/app/mynumber"
)

// Decoders of the card's files. Each takes the bytes as read and either
// returns the whole content or an error: never a part presented as whole.
// Errors name the file and the fault, never the content.

// Token says what kind of JPKI holder answered (JPKI EF 0006).
type Token string

// Tokens. TokenUnknown is a printable token no public source lists yet, so
// that a newer card is reported rather than refused.
const (
	TokenCard       Token = "card"
	TokenSmartphone Token = "smartphone"
	TokenOldCard    Token = "oldCard"
	TokenUnknown    Token = "unknown"
)

// MessageID names the token's label.
func (t Token) MessageID() string { return "card.token." + string(t) }

func decodeToken(b []byte) (Token, error) {
	const file = "JPKI EF 0006"
	if len(b) != tokenFileLen {
		return "", malformed(file, "%d bytes, want %d", len(b), tokenFileLen)
	}
	s := bytes.TrimRight(b, " ")
	for _, c := range s {
		if c < 0x21 || c > 0x7E {
			return "", malformed(file, "not printable ASCII")
		}
	}
	if t, ok := tokens[string(s)]; ok {
		return t, nil
	}
	return TokenUnknown, nil
}

// decodeNumber returns the 12-digit number of card-info EF 0001, whose check
// digit must hold, and the TLV without its padding (what EF 0003 hashes).
func decodeNumber(b []byte) (string, []byte, error) {
	const file = "card-info EF 0001"
	// FF 10 has the constructed bit but holds digits: not parsed as a tree.
	v, rest, err := ParseOne(b)
	if err != nil {
		return "", nil, &DecodeError{File: file, Err: err}
	}
	if v.Tag != tagNumber || len(v.Value) != mynumber.Digits || !isPadding(rest) {
		return "", nil, malformed(file, "want tag %v with %d digits", tagNumber, mynumber.Digits)
	}
	for _, c := range v.Value {
		if c < '0' || c > '9' {
			return "", nil, malformed(file, "not all digits")
		}
	}
	n := string(v.Value)
	if !mynumber.CheckDigitOK(n) {
		return "", nil, fmt.Errorf("decode %s: %w", file, ErrNumberCheck)
	}
	end := len(b) - len(rest)
	return n, b[:end:end], nil
}

// decodeBasic returns the four basic items of card-info EF 0002 and the TLV
// without padding (what EF 0003 hashes). The DF 21 header is not used: what
// its offsets count from on a real card is not known (docs/virtual-card.md).
func decodeBasic(b []byte) (BasicInfo, []byte, error) {
	const file = "card-info EF 0002"
	v, rest, err := ParseTree(b)
	if err != nil {
		return BasicInfo{}, nil, &DecodeError{File: file, Err: err}
	}
	if v.Tag != tagBasic || !isPadding(rest) {
		return BasicInfo{}, nil, malformed(file, "want one element with tag %v", tagBasic)
	}
	var missing []Tag
	field := func(t Tag) []byte {
		c, ok := v.Find(t)
		if !ok {
			missing = append(missing, t)
		}
		return c.Value
	}
	name, addr, birth, sex := field(tagName), field(tagAddress), field(tagBirth), field(tagSex)
	if len(missing) > 0 {
		return BasicInfo{}, nil, malformed(file, "missing %v", missing)
	}
	if !utf8.Valid(name) || !utf8.Valid(addr) {
		return BasicInfo{}, nil, malformed(file, "name or address is not UTF-8")
	}
	date, err := birthDate(birth)
	if err != nil {
		return BasicInfo{}, nil, &DecodeError{File: file, Err: err}
	}
	if !sexCodes[string(sex)] {
		return BasicInfo{}, nil, malformed(file, "sex code not 1, 2 or 9")
	}
	end := len(b) - len(rest)
	info := BasicInfo{Name: string(name), Address: string(addr), BirthDate: date, Sex: string(sex)}
	return info, b[:end:end], nil
}

// birthDate turns YYYYMMDD into YYYY-MM-DD. Month and day, or the day
// alone, may be 00: some residents' records hold no full birth date.
func birthDate(b []byte) (string, error) {
	if len(b) != 8 {
		return "", errors.New("birth date is not 8 digits")
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return "", errors.New("birth date is not 8 digits")
		}
	}
	s := fmt.Sprintf("%s-%s-%s", b[:4], b[4:6], b[6:])
	switch {
	case s[5:] == "00-00":
		return s, nil
	case s[8:] == "00":
		if _, err := time.Parse("2006-01", s[:7]); err != nil {
			return "", errors.New("birth month out of range")
		}
		return s, nil
	default:
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", errors.New("birth date out of range")
		}
		return s, nil
	}
}

// apInfo is card-info EF 0005.
type apInfo struct {
	Extended bool
}

// decodeAPInfo reads DF 41: version, extended-APDU flag, vendor, option
// (byte 1 = 01 means extended-length READ BINARY is accepted; the byte is
// documented in docs/virtual-card.md, public sources name only the order).
func decodeAPInfo(b []byte) (apInfo, error) {
	const file = "card-info EF 0005"
	v, rest, err := ParseTree(b)
	if err != nil {
		return apInfo{}, &DecodeError{File: file, Err: err}
	}
	if v.Tag != tagAPInfo || !isPadding(rest) {
		return apInfo{}, malformed(file, "want one element with tag %v", tagAPInfo)
	}
	flags, ok := v.Find(tagAPInfoFlags)
	if !ok || len(flags.Value) != 4 {
		return apInfo{}, malformed(file, "want %v of 4 bytes", tagAPInfoFlags)
	}
	return apInfo{Extended: flags.Value[1] == 0x01}, nil
}

// decodeCert parses the DER certificate of JPKI EF 000A, which must use
// every byte read.
func decodeCert(b []byte) (*x509.Certificate, error) {
	const file = "JPKI EF 000A"
	c, err := x509.ParseCertificate(b)
	if err != nil {
		return nil, &DecodeError{File: file, Err: err}
	}
	return c, nil
}
