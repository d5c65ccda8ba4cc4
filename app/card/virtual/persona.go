package virtual

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Persona is everything that differs between two virtual cards: the holder, the PINs, the certificate dates and
// the faults the card should show. docs/virtual-card.md describes the JSON form.
type Persona struct {
	Name          string    `json:"name"`      // UTF-8; name and address together at most 30,000 bytes
	Address       string    `json:"address"`   // UTF-8
	BirthDate     string    `json:"birthDate"` // YYYY-MM-DD
	Sex           string    `json:"sex"`       // "1" male, "2" female, "9" not applicable
	Number        string    `json:"number"`    // 12 ASCII digits
	PINs          PINs      `json:"pins"`
	Certificate   CertDates `json:"certificate"`
	Token         string    `json:"token"`         // EF 0006 of the JPKI application, space-padded to 32 bytes
	ExtendedAPDU  bool      `json:"extendedAPDU"`  // accept extended-length APDUs and say so in EF 0005
	ChipSignature string    `json:"chipSignature"` // "valid", "invalid" or "absent" (EF 0003)
	Faults        Faults    `json:"faults"`
}

// PINs are the three secrets the card checks.
type PINs struct {
	UserAuth  PIN `json:"userAuth"`  // JPKI EF 0018, 4 digits, 3 tries
	CardInfo  PIN `json:"cardInfo"`  // card-info input support EF 0011, 4 digits, 3 tries
	Signature PIN `json:"signature"` // JPKI EF 001B, 6–16 of A–Z 0–9, 5 tries
}

// PIN is one secret and how many wrong entries it still takes; 0 tries left means blocked.
type PIN struct {
	Value     string `json:"value"`
	TriesLeft int    `json:"triesLeft"`
}

// CertDates are the validity of the user-authentication certificate (EF 000A), as YYYY-MM-DD in Japan time:
// valid from 00:00:00 on NotBefore to 23:59:59 on NotAfter. Empty means one year ago / four years ahead.
type CertDates struct {
	NotBefore string `json:"notBefore"`
	NotAfter  string `json:"notAfter"`
}

// Faults make the card misbehave the way worn cards and hurried hands do.
type Faults struct {
	// TruncateEF ("0002") cuts the content of that EF, in whichever application holds it, to half its length:
	// its TLV promises more bytes than READ BINARY returns.
	TruncateEF string `json:"truncateEF,omitempty"`
	// RemoveAfterAPDUs > 0 drops the vpcd connection when APDU number N+1 arrives, without answering it: the
	// card is pulled while that command is in flight. It fires once per Card.
	RemoveAfterAPDUs int `json:"removeAfterAPDUs,omitempty"`
	// StatusWord maps an INS byte in hex ("B0") to the status word every command with that INS gets ("6F00").
	StatusWord map[string]string `json:"statusWord,omitempty"`
}

// maxNameAddress keeps EF 0002 readable: READ BINARY offsets are 15 bits.
const maxNameAddress = 30000

// Chip signature states.
const (
	ChipSignatureValid   = "valid"
	ChipSignatureInvalid = "invalid"
	ChipSignatureAbsent  = "absent"
)

// DefaultPersona is the card a persona file starts from: every field a file leaves out keeps this value.
func DefaultPersona() Persona {
	return Persona{
		Name:      "デジタル 花子",
		Address:   "東京都千代田区霞が関二丁目1番2号",
		BirthDate: "1990-04-01",
		Sex:       "2",
		Number:    "123456789018",
		PINs: PINs{
			UserAuth:  PIN{Value: "1234", TriesLeft: maxTriesFourDigit},
			CardInfo:  PIN{Value: "1234", TriesLeft: maxTriesFourDigit},
			Signature: PIN{Value: "MADO2026", TriesLeft: maxTriesSignature},
		},
		Token:         TokenCard,
		ExtendedAPDU:  true,
		ChipSignature: ChipSignatureValid,
	}
}

// LoadPersona reads a persona file (JSON) over the default persona and checks it.
func LoadPersona(path string) (Persona, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Persona{}, fmt.Errorf("read persona: %w", err)
	}
	return ParsePersona(data)
}

// ParsePersona decodes a persona (JSON) over the default persona and checks it. Unknown keys are refused so that
// a misspelt fault does not silently leave the card healthy.
func ParsePersona(data []byte) (Persona, error) {
	p := DefaultPersona()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Persona{}, fmt.Errorf("decode persona: %w", err)
	}
	if err := p.Validate(); err != nil {
		return Persona{}, err
	}
	return p, nil
}

// Validate says what is wrong with a persona. Messages name the field, never its value: personas may hold
// realistic names and numbers.
func (p Persona) Validate() error {
	var errs []error
	bad := func(field, want string) { errs = append(errs, fmt.Errorf("persona %s: want %s", field, want)) }
	if p.Name == "" {
		bad("name", "a non-empty name")
	}
	if p.Address == "" {
		bad("address", "a non-empty address")
	}
	if len(p.Name)+len(p.Address) > maxNameAddress {
		bad("name/address", "fewer than 30,000 bytes together (READ BINARY offsets end at 32,767)")
	}
	if !birthDate(p.BirthDate) {
		bad("birthDate", "YYYY-MM-DD (MM-DD or DD may be 00: unknown)")
	}
	if p.Sex != "1" && p.Sex != "2" && p.Sex != "9" {
		bad("sex", `"1", "2" or "9"`)
	}
	if !allDigits(p.Number, 12) {
		bad("number", "12 digits")
	}
	checkPIN := func(field string, pin PIN, ok func(string) bool, want string, maxTries int) {
		if !ok(pin.Value) {
			bad(field+".value", want)
		}
		if pin.TriesLeft < 0 || pin.TriesLeft > maxTries {
			bad(field+".triesLeft", fmt.Sprintf("0 (blocked) to %d", maxTries))
		}
	}
	fourDigits := func(s string) bool { return allDigits(s, 4) }
	checkPIN("pins.userAuth", p.PINs.UserAuth, fourDigits, "4 digits", maxTriesFourDigit)
	checkPIN("pins.cardInfo", p.PINs.CardInfo, fourDigits, "4 digits", maxTriesFourDigit)
	checkPIN("pins.signature", p.PINs.Signature, signaturePassword, "6–16 of A–Z and 0–9", maxTriesSignature)
	if _, _, err := p.Certificate.validity(time.Now()); err != nil {
		errs = append(errs, err)
	}
	if len(p.Token) > tokenLength {
		bad("token", "at most 32 bytes")
	}
	switch p.ChipSignature {
	case ChipSignatureValid, ChipSignatureInvalid, ChipSignatureAbsent:
	default:
		bad("chipSignature", `"valid", "invalid" or "absent"`)
	}
	if _, err := p.Faults.parse(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// birthDate accepts YYYY-MM-DD, with 00 for an unknown month and day or an unknown day: some residents' records
// hold no full birth date.
func birthDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]+s[5:7]+s[8:], 8) {
		return false
	}
	switch {
	case s[5:] == "00-00":
		return true
	case s[8:] == "00":
		_, err := time.Parse("2006-01", s[:7])
		return err == nil
	default:
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
}

// signaturePassword accepts what the card's format allows: 6–16 of A–Z and 0–9. The rule "at least one letter and
// one digit" is the issuing office's, not the chip's, so a persona may break it.
func signaturePassword(s string) bool {
	if len(s) < 6 || len(s) > 16 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// jst is Japan Standard Time; fixed, so the card does not depend on the machine's time zone database.
var jst = time.FixedZone("JST", 9*60*60)

// validity turns the persona's dates into the certificate's NotBefore and NotAfter.
func (d CertDates) validity(now time.Time) (notBefore, notAfter time.Time, err error) {
	notBefore = time.Date(now.Year()-1, now.Month(), now.Day(), 0, 0, 0, 0, jst)
	notAfter = time.Date(now.Year()+4, now.Month(), now.Day(), 23, 59, 59, 0, jst)
	if d.NotBefore != "" {
		t, err := time.ParseInLocation(time.DateOnly, d.NotBefore, jst)
		if err != nil {
			return notBefore, notAfter, errors.New("persona certificate.notBefore: want YYYY-MM-DD")
		}
		notBefore = t
	}
	if d.NotAfter != "" {
		t, err := time.ParseInLocation(time.DateOnly, d.NotAfter, jst)
		if err != nil {
			return notBefore, notAfter, errors.New("persona certificate.notAfter: want YYYY-MM-DD")
		}
		notAfter = t.Add(24*time.Hour - time.Second)
	}
	if !notBefore.Before(notAfter) {
		return notBefore, notAfter, errors.New("persona certificate: want notBefore before notAfter")
	}
	return notBefore, notAfter, nil
}

// faults is Faults decoded.
type faults struct {
	truncateEF       uint16
	truncate         bool
	removeAfterAPDUs int
	statusWord       map[byte]uint16
}

func (f Faults) parse() (faults, error) {
	out := faults{removeAfterAPDUs: f.RemoveAfterAPDUs, statusWord: map[byte]uint16{}}
	if f.TruncateEF != "" {
		b, err := hex.DecodeString(f.TruncateEF)
		if err != nil || len(b) != 2 {
			return out, errors.New(`persona faults.truncateEF: want a file ID of 4 hex digits ("0002")`)
		}
		out.truncateEF, out.truncate = uint16(b[0])<<8|uint16(b[1]), true
	}
	if f.RemoveAfterAPDUs < 0 {
		return out, errors.New("persona faults.removeAfterAPDUs: want 0 (never) or more")
	}
	for ins, sw := range f.StatusWord {
		i, err := hex.DecodeString(strings.TrimSpace(ins))
		if err != nil || len(i) != 1 {
			return out, errors.New(`persona faults.statusWord: want keys of 2 hex digits (an INS byte, "B0")`)
		}
		s, err := hex.DecodeString(strings.TrimSpace(sw))
		if err != nil || len(s) != 2 {
			return out, errors.New(`persona faults.statusWord: want values of 4 hex digits (a status word, "6F00")`)
		}
		out.statusWord[i[0]] = uint16(s[0])<<8 | uint16(s[1])
	}
	return out, nil
}
