package card

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ebfe/scard"

	"madoguchi/app/card/virtual"
)

// newCard makes a virtual card from the default persona changed by edit.
func newCard(t testing.TB, edit func(*virtual.Persona)) *virtual.Card {
	t.Helper()
	p := virtual.DefaultPersona()
	if edit != nil {
		edit(&p)
	}
	c, err := virtual.New(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// apduLog is a Transport to the virtual card in-process that records every
// command, so tests can assert what was and was not sent.
type apduLog struct {
	card *virtual.Card
	mu   sync.Mutex
	sent [][]byte
	// removeAfter > 0 makes APDU number removeAfter+1 fail as PC/SC does
	// when the card is taken away.
	removeAfter int
	// mangle, when set, may change the answer to APDU number i (from 0).
	mangle func(i int, answer []byte) []byte
}

func (l *apduLog) Transmit(_ context.Context, apdu []byte) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := len(l.sent)
	l.sent = append(l.sent, bytes.Clone(apdu))
	if l.removeAfter > 0 && i >= l.removeAfter {
		return nil, pcscError(scard.ErrRemovedCard)
	}
	ans := l.card.Transmit(apdu)
	if l.mangle != nil {
		ans = l.mangle(i, ans)
	}
	return ans, nil
}

// verifiesWithData counts VERIFY commands that carry a PIN.
func (l *apduLog) verifiesWithData() int {
	n := 0
	for _, a := range l.sent {
		if len(a) > 4 && a[1] == 0x20 {
			n++
		}
	}
	return n
}

func (l *apduLog) selected(fid uint16) bool {
	for _, a := range l.sent {
		if bytes.Equal(a, SelectEF(fid)) {
			return true
		}
	}
	return false
}

func (l *apduLog) extendedReads() int {
	n := 0
	for _, a := range l.sent {
		if a[1] == 0xB0 && len(a) == 7 {
			n++
		}
	}
	return n
}

func trustOf(c *virtual.Card) []*x509.Certificate { return []*x509.Certificate{c.ChipCACert()} }

func TestReadStatus(t *testing.T) {
	t.Parallel()
	c := newCard(t, func(p *virtual.Persona) {
		p.PINs.UserAuth.TriesLeft = 2
		p.PINs.CardInfo.TriesLeft = 1
		p.PINs.Signature.TriesLeft = 0
		p.Certificate = virtual.CertDates{NotBefore: "2025-01-10", NotAfter: "2030-01-09"}
	})
	log := &apduLog{card: c}
	s, err := ReadStatus(context.Background(), log)
	if err != nil {
		t.Fatal(err)
	}
	want := Status{
		Token:             TokenCard,
		AuthPIN:           PINState{TriesLeft: 2, MaxTries: 3},
		CardInfoPIN:       PINState{TriesLeft: 1, MaxTries: 3},
		SignaturePassword: PINState{TriesLeft: 0, MaxTries: 5, Blocked: true},
	}
	if s.Token != want.Token || s.AuthPIN != want.AuthPIN || s.CardInfoPIN != want.CardInfoPIN || s.SignaturePassword != want.SignaturePassword {
		t.Errorf("got %+v, want %+v", s, want)
	}
	if !s.CertExpiry.Equal(c.AuthCert().NotAfter) || s.CertExpiry.Format("2006-01-02") != "2030-01-09" {
		t.Errorf("cert expiry %v, want %v", s.CertExpiry, c.AuthCert().NotAfter)
	}
	if s.ExtendedAPDU != nil {
		t.Errorf("ExtendedAPDU = %v before the PIN; EF 0005 needs the PIN", *s.ExtendedAPDU)
	}
	if n := log.verifiesWithData(); n != 0 {
		t.Errorf("Status sent %d VERIFY with a PIN", n)
	}
	if log.extendedReads() != 0 {
		t.Error("Status used extended reads before knowing the card takes them")
	}
	for _, id := range []virtual.PINID{virtual.UserAuthPIN, virtual.CardInfoPIN, virtual.SignaturePIN} {
		before := map[virtual.PINID]int{virtual.UserAuthPIN: 2, virtual.CardInfoPIN: 1, virtual.SignaturePIN: 0}[id]
		if got := c.TriesLeft(id); got != before {
			t.Errorf("PIN %d: %d tries left after Status, was %d", id, got, before)
		}
	}
}

func TestReadStatusTokens(t *testing.T) {
	t.Parallel()
	for token, want := range map[string]Token{
		virtual.TokenCard:       TokenCard,
		virtual.TokenSmartphone: TokenSmartphone,
		virtual.TokenOldCard:    TokenOldCard,
		"JPKIAPICCTOKEN9":       TokenUnknown,
	} {
		c := newCard(t, func(p *virtual.Persona) { p.Token = token })
		s, err := ReadStatus(context.Background(), &apduLog{card: c})
		if err != nil || s.Token != want {
			t.Errorf("token %q: got %v, %v; want %v", token, s, err, want)
		}
	}
}

func TestReadBasic(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	p := c.Persona()
	tests := []struct {
		name       string
		opts       ReadOptions
		wantNumber string
		wantChip   ChipCheck
	}{
		{"without number", ReadOptions{ChipTrust: trustOf(c)}, "", ChipCheck{Result: ChipAuthentic}},
		{"with number", ReadOptions{WithNumber: true, ChipTrust: trustOf(c)}, p.Number, ChipCheck{Result: ChipAuthentic}},
		{"issuer not held", ReadOptions{WithNumber: true}, p.Number, ChipCheck{Result: ChipNotVerified, Reason: reasonUnknownIssuer}},
		{"other issuer held", ReadOptions{ChipTrust: trustOf(newCard(t, nil))}, "", ChipCheck{Result: ChipNotVerified, Reason: reasonUnknownIssuer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &apduLog{card: c}
			got, err := ReadBasic(context.Background(), log, NewPIN(p.PINs.CardInfo.Value), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != p.Name || got.Address != p.Address || got.BirthDate != p.BirthDate || got.Sex != p.Sex {
				t.Error("the four basic items differ from the persona's")
			}
			if got.Number != tt.wantNumber {
				t.Errorf("number present = %v, want %v", got.Number != "", tt.wantNumber != "")
			}
			if !tt.opts.WithNumber && log.selected(efInfoNumber) {
				t.Error("EF 0001 (the number) was selected without WithNumber")
			}
			if got.Chip != tt.wantChip {
				t.Errorf("chip = %+v, want %+v", got.Chip, tt.wantChip)
			}
			if !got.ExtendedAPDU {
				t.Error("ExtendedAPDU false for a card that says it takes them")
			}
			if log.verifiesWithData() != 1 {
				t.Errorf("sent %d VERIFY with a PIN, want 1", log.verifiesWithData())
			}
		})
	}
}

func TestReadBasicPrintsRedacted(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	got, err := ReadBasic(context.Background(), &apduLog{card: c}, NewPIN("1234"), ReadOptions{WithNumber: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(got), fmt.Sprintf("%+v", *got), fmt.Sprintf("%#v", got)} {
		if bytes.Contains([]byte(s), []byte(c.Persona().Number)) || bytes.Contains([]byte(s), []byte(c.Persona().Name)) {
			t.Errorf("printed personal data: %s", s)
		}
	}
}

func TestReadBasicChipSignature(t *testing.T) {
	t.Parallel()
	tests := []struct {
		persona string
		want    ChipCheck
	}{
		{virtual.ChipSignatureValid, ChipCheck{Result: ChipAuthentic}},
		{virtual.ChipSignatureInvalid, ChipCheck{Result: ChipNotAuthentic, Reason: reasonBadSignature}},
		{virtual.ChipSignatureAbsent, ChipCheck{Result: ChipNotVerified, Reason: reasonAbsent}},
	}
	for _, tt := range tests {
		c := newCard(t, func(p *virtual.Persona) { p.ChipSignature = tt.persona })
		got, err := ReadBasic(context.Background(), &apduLog{card: c}, NewPIN("1234"), ReadOptions{WithNumber: true, ChipTrust: trustOf(c)})
		if err != nil {
			t.Fatalf("%s: %v", tt.persona, err)
		}
		if got.Chip != tt.want {
			t.Errorf("%s: chip = %+v, want %+v", tt.persona, got.Chip, tt.want)
		}
	}
}

// The data the card returns is checked against the hashes it signed: an
// answer altered on the way (or a forged file) is caught.
func TestReadBasicChipCatchesAlteredData(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil) // sex "2", the last item of EF 0002
	sexItem := []byte{0xDF, 0x25, 0x01, '2', 0x90, 0x00}
	log := &apduLog{card: c, mangle: func(_ int, ans []byte) []byte {
		if bytes.HasSuffix(ans, sexItem) {
			ans = bytes.Clone(ans)
			ans[len(ans)-3] = '1' // a well-formed answer, with other data than the issuer signed
		}
		return ans
	}}
	got, err := ReadBasic(context.Background(), log, NewPIN("1234"), ReadOptions{ChipTrust: trustOf(c)})
	if err != nil {
		t.Fatal(err)
	}
	if got.Sex != "1" {
		t.Fatal("the test did not alter the answer")
	}
	if got.Chip != (ChipCheck{Result: ChipNotAuthentic, Reason: reasonDataChanged}) {
		t.Errorf("chip = %+v for altered data", got.Chip)
	}

	// The same for the number: another valid number in place of the card's.
	onCard, other := []byte(c.Persona().Number), []byte("983205673214")
	log = &apduLog{card: c, mangle: func(_ int, ans []byte) []byte {
		return bytes.ReplaceAll(ans, onCard, other)
	}}
	got, err = ReadBasic(context.Background(), log, NewPIN("1234"), ReadOptions{WithNumber: true, ChipTrust: trustOf(c)})
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != string(other) || got.Chip != (ChipCheck{Result: ChipNotAuthentic, Reason: reasonDataChanged}) {
		t.Errorf("altered number: chip = %+v", got.Chip)
	}
}

func TestReadBasicShortReadsOnly(t *testing.T) {
	t.Parallel()
	ext := newCard(t, nil)
	short := newCard(t, func(p *virtual.Persona) { p.ExtendedAPDU = false })
	count := func(c *virtual.Card) (*apduLog, *BasicInfo) {
		log := &apduLog{card: c}
		got, err := ReadBasic(context.Background(), log, NewPIN("1234"), ReadOptions{WithNumber: true, ChipTrust: trustOf(c)})
		if err != nil {
			t.Fatal(err)
		}
		return log, got
	}
	extLog, extInfo := count(ext)
	shortLog, shortInfo := count(short)
	if shortLog.extendedReads() != 0 || shortInfo.ExtendedAPDU {
		t.Errorf("card without extended APDUs got %d extended reads", shortLog.extendedReads())
	}
	if extLog.extendedReads() == 0 || !extInfo.ExtendedAPDU {
		t.Error("card with extended APDUs got none")
	}
	if len(extLog.sent) >= len(shortLog.sent) {
		t.Errorf("extended read used %d APDUs, short %d: want fewer", len(extLog.sent), len(shortLog.sent))
	}
	if shortInfo.Chip.Result != ChipAuthentic {
		t.Errorf("short reads: chip %+v", shortInfo.Chip)
	}
}

// The PIN safety rule, asserted from what reached the card: one card goes
// through every case in turn, its counter moving as a real one would.
func TestReadBasicPINSafety(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	const right, wrong = "1234", "9999"
	steps := []struct {
		name       string
		pin        string
		confirmed  bool
		wantKind   error // nil: success
		wantTries  int   // in the error
		wantSent   int   // VERIFY with data
		triesAfter int   // on the card
	}{
		{name: "three tries, right", pin: right, wantSent: 1, triesAfter: 3},
		{name: "three tries, wrong", pin: wrong, wantKind: ErrWrongPIN, wantTries: 2, wantSent: 1, triesAfter: 2},
		{name: "two tries, right", pin: right, wantSent: 1, triesAfter: 3},
		{name: "three tries, wrong again", pin: wrong, wantKind: ErrWrongPIN, wantTries: 2, wantSent: 1, triesAfter: 2},
		{name: "two tries, wrong", pin: wrong, wantKind: ErrWrongPIN, wantTries: 1, wantSent: 1, triesAfter: 1},
		{name: "one try, right, not confirmed", pin: right, wantKind: ErrLastTryNeedsConfirmation, wantTries: 1, triesAfter: 1},
		{name: "one try, wrong, not confirmed", pin: wrong, wantKind: ErrLastTryNeedsConfirmation, wantTries: 1, triesAfter: 1},
		{name: "one try, right, confirmed", pin: right, confirmed: true, wantSent: 1, triesAfter: 3},
		{name: "down to one try", pin: wrong, wantKind: ErrWrongPIN, wantTries: 2, wantSent: 1, triesAfter: 2},
		{name: "down to one try, again", pin: wrong, wantKind: ErrWrongPIN, wantTries: 1, wantSent: 1, triesAfter: 1},
		{name: "one try, wrong, confirmed", pin: wrong, confirmed: true, wantKind: ErrPINBlocked, wantSent: 1, triesAfter: 0},
		{name: "blocked, right, confirmed", pin: right, confirmed: true, wantKind: ErrPINBlocked, triesAfter: 0},
	}
	for _, st := range steps {
		log := &apduLog{card: c}
		got, err := ReadBasic(context.Background(), log, NewPIN(st.pin), ReadOptions{ConfirmedLastTry: st.confirmed})
		if n := log.verifiesWithData(); n != st.wantSent {
			t.Errorf("%s: sent %d VERIFY with a PIN, want %d", st.name, n, st.wantSent)
		}
		if n := c.TriesLeft(virtual.CardInfoPIN); n != st.triesAfter {
			t.Fatalf("%s: card has %d tries left, want %d", st.name, n, st.triesAfter)
		}
		if st.wantKind == nil {
			if err != nil || got == nil {
				t.Fatalf("%s: err = %v", st.name, err)
			}
			continue
		}
		if got != nil {
			t.Errorf("%s: a result came with an error", st.name)
		}
		var pe *PINError
		if !errors.Is(err, st.wantKind) || !errors.As(err, &pe) || pe.TriesLeft != st.wantTries {
			t.Fatalf("%s: err = %v, want %v with %d tries", st.name, err, st.wantKind, st.wantTries)
		}
		if p := Problem(err); p == nil || p.Field != "pin" {
			t.Errorf("%s: Problem = %+v, want one on the pin field", st.name, p)
		}
	}
}

func TestReadBasicRefusesBadPINBeforeAnyAPDU(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	for _, pin := range []string{"", "123", "12345", "12a4", "１２３４"} {
		log := &apduLog{card: c}
		_, err := ReadBasic(context.Background(), log, NewPIN(pin), ReadOptions{})
		if !errors.Is(err, ErrPINFormat) {
			t.Errorf("%q: err = %v", pin, err)
		}
		if len(log.sent) != 0 {
			t.Errorf("%q: %d APDUs sent before the PIN was checked", pin, len(log.sent))
		}
	}
}

func TestReadBasicWipesPIN(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	pin := NewPIN("1234")
	if _, err := ReadBasic(context.Background(), &apduLog{card: c}, pin, ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	if pin.Validate() == nil {
		t.Fatal("the PIN is still usable after ReadBasic")
	}
	// Also when nothing was sent.
	pin = NewPIN("1234")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadBasic(ctx, &apduLog{card: c}, pin, ReadOptions{}); err == nil {
		t.Fatal("read with a cancelled context")
	}
	if pin.Validate() == nil {
		t.Fatal("the PIN is still usable after a refusal")
	}
}

func TestFaultTruncatedFile(t *testing.T) {
	t.Parallel()
	for _, ef := range []string{"0002"} {
		c := newCard(t, func(p *virtual.Persona) { p.Faults.TruncateEF = ef })
		got, err := ReadBasic(context.Background(), &apduLog{card: c}, NewPIN("1234"), ReadOptions{WithNumber: true})
		if !errors.Is(err, ErrMalformed) || got != nil {
			t.Errorf("EF %s truncated: got %v, err %v; want ErrMalformed and no result", ef, got, err)
		}
		if p := Problem(err); p == nil || p.ID != "card.error.unreadable" {
			t.Errorf("EF %s: problem %+v", ef, p)
		}
	}
	c := newCard(t, func(p *virtual.Persona) { p.Faults.TruncateEF = "000A" })
	if s, err := ReadStatus(context.Background(), &apduLog{card: c}); !errors.Is(err, ErrMalformed) || s != nil {
		t.Errorf("certificate truncated: got %v, err %v", s, err)
	}
	// A truncated chip file is not a failed read: the check says so.
	c = newCard(t, func(p *virtual.Persona) { p.Faults.TruncateEF = "0004" })
	got, err := ReadBasic(context.Background(), &apduLog{card: c}, NewPIN("1234"), ReadOptions{ChipTrust: trustOf(c)})
	if err != nil || got.Chip != (ChipCheck{Result: ChipNotVerified, Reason: reasonUnsupported}) {
		t.Errorf("EF 0004 truncated: %+v, %v", got, err)
	}
}

// A card that refuses the optional files (AP info, chip signature) is still
// read, in short reads and with the check "not verified".
func TestOptionalFilesRefused(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	var log *apduLog
	log = &apduLog{card: c, mangle: func(i int, ans []byte) []byte {
		if i == 0 {
			return ans
		}
		prev := log.sent[i-1]
		if log.sent[i][1] == 0xB0 && (bytes.Equal(prev, SelectEF(efInfoAPInfo)) || bytes.Equal(prev, SelectEF(efInfoSignature))) {
			return []byte{0x69, 0x82}
		}
		return ans
	}}
	got, err := ReadBasic(context.Background(), log, NewPIN("1234"), ReadOptions{ChipTrust: trustOf(c)})
	if err != nil {
		t.Fatal(err)
	}
	if got.ExtendedAPDU || log.extendedReads() != 0 || got.Chip != (ChipCheck{Result: ChipNotVerified, Reason: reasonAbsent}) {
		t.Errorf("extended %v (%d reads), chip %+v", got.ExtendedAPDU, log.extendedReads(), got.Chip)
	}
}

func TestFaultUnexpectedStatus(t *testing.T) {
	t.Parallel()
	c := newCard(t, func(p *virtual.Persona) { p.Faults.StatusWord = map[string]string{"B0": "6F00"} })
	_, err := ReadBasic(context.Background(), &apduLog{card: c}, NewPIN("1234"), ReadOptions{})
	var se *StatusError
	if !errors.Is(err, ErrUnexpectedStatus) || !errors.As(err, &se) || se.SW != 0x6F00 {
		t.Fatalf("err = %v", err)
	}
	p := Problem(err)
	if p == nil || p.ID != "card.error.unexpectedStatus" || p.Args["Code"] != "6F00" {
		t.Errorf("problem %+v", p)
	}
}

func TestFaultNotMyNumberCard(t *testing.T) {
	t.Parallel()
	c := newCard(t, func(p *virtual.Persona) { p.Faults.StatusWord = map[string]string{"A4": "6A82"} })
	_, err := ReadStatus(context.Background(), &apduLog{card: c})
	if !errors.Is(err, ErrNotMyNumberCard) {
		t.Fatalf("err = %v", err)
	}
	if p := Problem(err); p == nil || p.ID != "card.error.notMyNumber" {
		t.Errorf("problem %+v", p)
	}
}

// The card is pulled after every possible number of APDUs: each time the
// read fails with ErrRemoved and returns nothing.
func TestFaultRemovedAfterN(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	full := &apduLog{card: c}
	if _, err := ReadBasic(context.Background(), full, NewPIN("1234"), ReadOptions{WithNumber: true}); err != nil {
		t.Fatal(err)
	}
	for n := 1; n < len(full.sent); n++ {
		// The same card serves every round: selecting the application
		// forgets what was verified, as on a real card.
		got, err := ReadBasic(context.Background(), &apduLog{card: c, removeAfter: n}, NewPIN("1234"), ReadOptions{WithNumber: true})
		if !errors.Is(err, ErrRemoved) || got != nil {
			t.Fatalf("removed after %d APDUs: got %v, err %v", n, got, err)
		}
		if p := Problem(err); p == nil || p.ID != "card.error.removed" {
			t.Fatalf("removed after %d: problem %+v", n, p)
		}
	}
}

// Every answer cut short in turn: the read fails or returns the true data,
// never a part presented as whole.
func TestFaultEachAnswerTruncated(t *testing.T) {
	t.Parallel()
	c := newCard(t, nil)
	truth := c.Persona()
	full := &apduLog{card: c}
	if _, err := ReadBasic(context.Background(), full, NewPIN("1234"), ReadOptions{WithNumber: true}); err != nil {
		t.Fatal(err)
	}
	for k := range full.sent {
		for _, cut := range []int{1, 2, 3} {
			log := &apduLog{card: c, mangle: func(i int, ans []byte) []byte {
				if i != k || len(ans) < cut {
					return ans
				}
				// Drop bytes in front of the status word, or the status word itself.
				if len(ans) > 2+cut {
					return append(bytes.Clone(ans[:len(ans)-2-cut]), ans[len(ans)-2:]...)
				}
				return ans[:len(ans)-cut]
			}}
			got, err := ReadBasic(context.Background(), log, NewPIN("1234"), ReadOptions{WithNumber: true})
			if err != nil {
				continue
			}
			if got.Name != truth.Name || got.Address != truth.Address || got.BirthDate != truth.BirthDate ||
				got.Sex != truth.Sex || got.Number != truth.Number {
				t.Fatalf("answer %d cut by %d: wrong data returned as complete", k, cut)
			}
		}
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	log := &apduLog{card: newCard(t, nil)}
	_, err := ReadBasic(ctx, log, NewPIN("1234"), ReadOptions{})
	if !errors.Is(err, context.Canceled) || len(log.sent) != 0 {
		t.Fatalf("err = %v after %d APDUs", err, len(log.sent))
	}
	if p := Problem(err); p == nil || p.ID != "card.error.cancelled" {
		t.Errorf("problem %+v", p)
	}
}
