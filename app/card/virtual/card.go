// Package virtual is a virtual My Number card that speaks the vpcd protocol, for tests, demos and staff training.
package virtual

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"io"
	"sync"
	"time"
)

// Card is one virtual My Number card: its files, PIN counters and what is selected. It is safe for concurrent use;
// commands are processed one at a time, as a card does.
type Card struct {
	persona Persona
	pki     *pki
	faults  faults

	mu       sync.Mutex
	apps     []*application
	app      *application    // selected application, nil after power-on
	cur      *ef             // current EF in app
	verified map[uint16]bool // PIN EFs verified since app was selected
	log      io.Writer

	sess session // the vpcd connection, while inserted
}

// New makes a card for the persona and issues its test PKI: a JPKI CA and the user-authentication certificate
// (RSA 2048, the persona's dates), a card-info CA and the chip key whose certificate is EF 0004 and whose signature
// over EF 0001 and 0002 is EF 0003. Takes ~0.2 s, mostly RSA key generation.
func New(p Persona) (*Card, error) {
	k, err := newKeys()
	if err != nil {
		return nil, err
	}
	return newCard(p, k, time.Now())
}

func newCard(p Persona, k *keys, now time.Time) (*Card, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	f, err := p.Faults.parse()
	if err != nil {
		return nil, err
	}
	certs, err := newPKI(k, p.Certificate, now)
	if err != nil {
		return nil, err
	}
	apps, err := buildApplications(p, certs, f)
	if err != nil {
		return nil, err
	}
	c := &Card{persona: p, pki: certs, faults: f, apps: apps, log: io.Discard}
	c.powerCycle()
	return c, nil
}

// Persona returns the persona the card was made from (PIN counters as they were at the start).
func (c *Card) Persona() Persona { return c.persona }

// ATR returns the answer to reset the card gives vpcd.
func (c *Card) ATR() []byte { return bytes.Clone(atr) }

// ChipCACert returns the trust anchor for the card-info data: the self-signed X.509 certificate of the key that
// signed EF 0004. Its SubjectKeyId equals the 16-byte issuer reference inside EF 0004. It is not on the card: a
// client holds it, as it would hold the issuer's real key.
func (c *Card) ChipCACert() *x509.Certificate { return c.pki.chipCACert }

// AuthCACert returns the certificate in JPKI EF 000B, which signed AuthCert.
func (c *Card) AuthCACert() *x509.Certificate { return c.pki.authCACert }

// AuthCert returns the user-authentication certificate in JPKI EF 000A.
func (c *Card) AuthCert() *x509.Certificate { return c.pki.authCert }

// AuthPublicKey returns the public half of the user-authentication key (EF 0017) that SIGN uses.
func (c *Card) AuthPublicKey() *rsa.PublicKey { return &c.pki.keys.auth.PublicKey }

// PINID names one of the card's PINs.
type PINID int

// The card's PINs.
const (
	UserAuthPIN  PINID = iota + 1 // JPKI EF 0018
	CardInfoPIN                   // card-info input support EF 0011
	SignaturePIN                  // JPKI EF 001B
)

// TriesLeft says how many wrong entries the PIN still takes (0: blocked), so tests can check that a client
// never spends a try it was not asked to.
func (c *Card) TriesLeft(id PINID) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	aid, fid := aidJPKI, uint16(fidAuthPIN)
	switch id {
	case CardInfoPIN:
		aid, fid = aidCardInfo, fidCardInfoPIN
	case SignaturePIN:
		fid = fidSignaturePIN
	}
	for _, a := range c.apps {
		if bytes.Equal(a.aid, aid) {
			return a.efs[fid].pin.tries
		}
	}
	return 0
}

// SetLog makes the card write one line per event (connection, power, each command and its status word) to w.
// Lines never hold PINs or file contents.
func (c *Card) SetLog(w io.Writer) {
	if w == nil {
		w = io.Discard
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log = w
}

func (c *Card) logf(format string, args ...any) {
	fmt.Fprintf(c.log, format+"\n", args...)
}

// powerCycle forgets the selection and every verification, as power-off, power-on and reset do.
func (c *Card) powerCycle() {
	c.app, c.cur, c.verified = nil, nil, map[uint16]bool{}
}

// control handles a vpcd power message.
func (c *Card) control(what string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.powerCycle()
	c.logf("%s", what)
}

// Transmit processes one command APDU and returns the response APDU (data and status word, at least 2 bytes).
func (c *Card) Transmit(apdu []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	rsp, what := c.process(apdu)
	if n := len(rsp) - 2; n > 0 {
		c.logf("%s → %X, %d bytes", what, rsp[n:], n)
	} else {
		c.logf("%s → %X", what, rsp)
	}
	return rsp
}

// process answers one APDU and describes it for the log without its data.
func (c *Card) process(raw []byte) (rsp []byte, what string) {
	cmd, ok := parseCommand(raw)
	if !ok {
		return withSW(nil, swWrongLength), fmt.Sprintf("malformed APDU of %d bytes", len(raw))
	}
	if sw, ok := c.faults.statusWord[cmd.ins]; ok {
		return withSW(nil, sw), fmt.Sprintf("INS %02X answered by fault", cmd.ins)
	}
	if cmd.extended && !c.persona.ExtendedAPDU {
		return withSW(nil, swWrongLength), fmt.Sprintf("extended-length INS %02X refused", cmd.ins)
	}
	switch cmd.ins {
	case 0xA4:
		return c.selectFile(cmd)
	case 0xB0:
		return c.readBinary(cmd)
	case 0x20:
		return c.verify(cmd)
	case 0x2A:
		return c.sign(cmd)
	}
	return withSW(nil, swUnknownINS), fmt.Sprintf("unknown INS %02X", cmd.ins)
}

func (c *Card) selectFile(cmd command) ([]byte, string) {
	if cmd.cla != 0x00 {
		return withSW(nil, swUnknownCLA), fmt.Sprintf("SELECT with CLA %02X", cmd.cla)
	}
	switch cmd.p1 {
	case 0x04:
		return c.selectApplication(cmd)
	case 0x02:
		return c.selectEF(cmd)
	}
	// Select MF, by path, parent...: OpenSC's probes for other cards ask for these.
	return withSW(nil, swNotFound), fmt.Sprintf("SELECT P1 %02X", cmd.p1)
}

func (c *Card) selectApplication(cmd command) ([]byte, string) {
	for _, a := range c.apps {
		if !bytes.Equal(a.aid, cmd.data) {
			continue
		}
		if cmd.p2 != 0x0C {
			return withSW(nil, swWrongP1P2), fmt.Sprintf("SELECT application %s with P2 %02X", a.name, cmd.p2)
		}
		// Every selection starts with nothing verified, even of the application already selected.
		c.app, c.cur, c.verified = a, nil, map[uint16]bool{}
		return withSW(nil, swOK), "SELECT application " + a.name
	}
	return withSW(nil, swNotFound), fmt.Sprintf("SELECT unknown application (%d-byte AID)", len(cmd.data))
}

func (c *Card) selectEF(cmd command) ([]byte, string) {
	if len(cmd.data) != 2 {
		return withSW(nil, swWrongLength), "SELECT EF with a file ID not of 2 bytes"
	}
	fid := uint16(cmd.data[0])<<8 | uint16(cmd.data[1])
	what := fmt.Sprintf("SELECT EF %04X", fid)
	if cmd.p2 != 0x0C {
		return withSW(nil, swWrongP1P2), what + fmt.Sprintf(" with P2 %02X", cmd.p2)
	}
	if c.app == nil {
		return withSW(nil, swNotFound), what + " with no application selected"
	}
	f, ok := c.app.efs[fid]
	if !ok {
		return withSW(nil, swNotFound), what
	}
	c.cur = f
	return withSW(nil, swOK), what
}

// readBinary answers READ BINARY from the current EF, or from the EF a short file identifier names (P1 = 100xxxxx,
// offset in P2), which then becomes current.
func (c *Card) readBinary(cmd command) ([]byte, string) {
	if cmd.cla != 0x00 {
		return withSW(nil, swUnknownCLA), fmt.Sprintf("READ BINARY with CLA %02X", cmd.cla)
	}
	if !cmd.hasLe || len(cmd.data) > 0 {
		return withSW(nil, swWrongLength), "READ BINARY without Le or with data"
	}
	offset := int(cmd.p1)<<8 | int(cmd.p2)
	if cmd.p1&0x80 != 0 {
		if cmd.p1&0x60 != 0 {
			return withSW(nil, swWrongP1P2), fmt.Sprintf("READ BINARY P1 %02X", cmd.p1)
		}
		sfi := uint16(cmd.p1 & 0x1F)
		if c.app == nil || c.app.efs[sfi] == nil {
			return withSW(nil, swNotFound), fmt.Sprintf("READ BINARY short EF %02X", sfi)
		}
		c.cur, offset = c.app.efs[sfi], int(cmd.p2)
	}
	if c.cur == nil {
		return withSW(nil, swNoCurrentEF), "READ BINARY with no EF selected"
	}
	what := fmt.Sprintf("READ BINARY EF %04X offset %d length %d", c.cur.fid, offset, cmd.le)
	if c.cur.kind != efData {
		return withSW(nil, swIncompatibleFile), what
	}
	if c.cur.guard != 0 && !c.verified[c.cur.guard] {
		return withSW(nil, swNotSatisfied), what + fmt.Sprintf(" before VERIFY on %04X", c.cur.guard)
	}
	data := c.cur.data
	if offset >= len(data) {
		return withSW(nil, swPastEnd), what
	}
	// Fewer bytes than asked near the end, with 9000: clients compare the count with the TLV length.
	end := min(offset+cmd.le, len(data))
	return withSW(data[offset:end], swOK), what
}

// verify checks a PIN (with data) or reports its tries left without spending one (without data).
func (c *Card) verify(cmd command) ([]byte, string) {
	if cmd.cla != 0x00 {
		return withSW(nil, swUnknownCLA), fmt.Sprintf("VERIFY with CLA %02X", cmd.cla)
	}
	if cmd.p1 != 0x00 || cmd.p2 != 0x80 {
		return withSW(nil, swWrongP1P2), fmt.Sprintf("VERIFY P1 %02X P2 %02X", cmd.p1, cmd.p2)
	}
	if cmd.hasLe {
		return withSW(nil, swWrongLength), "VERIFY with Le"
	}
	if c.cur == nil || c.cur.kind != efPIN {
		return withSW(nil, swNoCurrentEF), "VERIFY with no PIN EF selected"
	}
	pin := c.cur.pin
	what := fmt.Sprintf("VERIFY EF %04X (%s)", c.cur.fid, c.cur.pinName)
	if len(cmd.data) == 0 {
		if c.verified[c.cur.fid] {
			return withSW(nil, swOK), what + ", already verified"
		}
		// A blocked PIN answers 63C0 here, not 6984: OpenSC's JPKI driver wants 63Cx from this query.
		return withSW(nil, swTriesLeft|uint16(pin.tries)), what + ", tries left"
	}
	if pin.tries == 0 {
		return withSW(nil, swBlocked), what + ", blocked"
	}
	if string(cmd.data) != pin.value {
		pin.tries--
		delete(c.verified, c.cur.fid)
		return withSW(nil, swTriesLeft|uint16(pin.tries)), what + ", wrong"
	}
	pin.tries = pin.maxTries
	c.verified[c.cur.fid] = true
	return withSW(nil, swOK), what + ", right"
}

// sign answers the JPKI COMPUTE DIGITAL SIGNATURE (80 2A 00 80 Lc DigestInfo 00) with the current key EF:
// RSA PKCS#1 v1.5 over the DigestInfo as given.
func (c *Card) sign(cmd command) ([]byte, string) {
	if cmd.cla != 0x80 {
		return withSW(nil, swUnknownCLA), fmt.Sprintf("SIGN with CLA %02X", cmd.cla)
	}
	if cmd.p1 != 0x00 || cmd.p2 != 0x80 {
		return withSW(nil, swWrongP1P2), fmt.Sprintf("SIGN P1 %02X P2 %02X", cmd.p1, cmd.p2)
	}
	if c.cur == nil || c.cur.kind != efKey {
		return withSW(nil, swNoCurrentEF), "SIGN with no key EF selected"
	}
	what := fmt.Sprintf("SIGN with EF %04X, %d bytes", c.cur.fid, len(cmd.data))
	if !c.verified[c.cur.guard] {
		return withSW(nil, swNotSatisfied), what + fmt.Sprintf(" before VERIFY on %04X", c.cur.guard)
	}
	if len(cmd.data) == 0 {
		return withSW(nil, swWrongLength), what
	}
	sig, err := rsa.SignPKCS1v15(nil, c.cur.key, 0, cmd.data)
	if err != nil { // the DigestInfo is too long for the key
		return withSW(nil, swWrongLength), what
	}
	return withSW(sig, swOK), what
}
