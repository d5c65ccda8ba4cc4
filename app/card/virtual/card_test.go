package virtual

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"math/big"
	"strings"
	"testing"
	"time"
)

// step is one command and what the card must answer: the status word and, when given, the exact data or its length.
type step struct {
	apdu    string
	sw      string
	data    []byte
	dataLen int // -1: do not check
}

func ok(apdu string) step              { return step{apdu: apdu, sw: "9000", dataLen: 0} }
func fails(apdu, sw string) step       { return step{apdu: apdu, sw: sw, dataLen: 0} }
func reads(apdu string, n int) step    { return step{apdu: apdu, sw: "9000", dataLen: n} }
func gives(apdu string, d []byte) step { return step{apdu: apdu, sw: "9000", data: d, dataLen: -1} }

func TestTransmit(t *testing.T) {
	token := []byte("JPKIAPICCTOKEN2                 ")
	number := append(append([]byte{0xFF, 0x10, 0x0C}, "123456789018"...), 0xFF, 0xFF)
	tests := []struct {
		name    string
		persona func(*Persona)
		steps   []step
	}{
		{name: "the four applications are selectable", steps: []step{
			ok(selJPKI), ok(selCardInfo), ok(selCardFace), ok(selResident),
		}},
		{name: "an unknown application is not found", steps: []step{
			fails("00 A4 04 0C 07 A0 00 00 02 47 10 01", "6A82"),
		}},
		{name: "OpenSC's probes of other cards are refused", steps: []step{
			fails("00 A4 00 0C 02 3F 00", "6A82"),
			fails("00 A4 08 0C 02 50 15", "6A82"),
			fails("00 A4 04 00 08 A0 00 00 03 08 00 00 10 00", "6A82"),
			fails("00 CA 01 01 00", "6D00"),
			fails("80 50 00 00 08 01 02 03 04 05 06 07 08 00", "6D00"),
			fails("00 84 00 00 08", "6D00"),
			fails("FF CA 00 00 00", "6D00"), fails("80 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "6E00"),
		}},
		{name: "SELECT of a known application wants P2 0C", steps: []step{
			fails("00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01", "6A86"),
		}},
		{name: "SELECT EF needs an application", steps: []step{
			fails(selEF("00 06"), "6A82"),
		}},
		{name: "SELECT EF of an absent file", steps: []step{
			ok(selJPKI), fails(selEF("00 01"), "6A82"), fails(selEF("12 34"), "6A82"),
		}},
		{name: "SELECT EF with a one-byte file ID", steps: []step{
			ok(selJPKI), fails("00 A4 02 0C 01 06", "6700"),
		}},
		{name: "token read short", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), gives(readBinary(0, 0x20), token),
		}},
		{name: "token read with Le 00 (256) gives the 32 bytes there are", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), gives(readBinary(0, 0), token),
		}},
		{name: "read across the end gives the rest", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), gives(readBinary(0x10, 0x20), token[0x10:]),
		}},
		{name: "read past the end", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), fails(readBinary(0x20, 1), "6B00"), fails(readBinary(0x7FFF, 1), "6B00"),
		}},
		{name: "smartphone token", persona: func(p *Persona) { p.Token = TokenSmartphone }, steps: []step{
			ok(selJPKI), ok(selEF("00 06")), gives(readBinary(0, 0x0F), []byte(TokenSmartphone)),
		}},
		{name: "read by short file identifier selects the file", steps: []step{
			ok(selJPKI), gives("00 B0 86 00 20", token), gives(readBinary(0, 4), token[:4]),
		}},
		{name: "read by short file identifier of an absent file", steps: []step{
			ok(selJPKI), fails("00 B0 81 00 20", "6A82"), fails("00 B0 C6 00 20", "6A86"),
		}},
		{name: "read without a current EF", steps: []step{
			fails(readBinary(0, 1), "6986"), ok(selJPKI), fails(readBinary(0, 1), "6986"),
		}},
		{name: "read without Le or with data", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), fails("00 B0 00 00", "6700"), fails("00 B0 00 00 01 00 20", "6700"),
		}},
		{name: "read with a wrong class", steps: []step{
			ok(selJPKI), ok(selEF("00 06")), fails("80 B0 00 00 20", "6E00"),
		}},
		{name: "PIN and key files cannot be read", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails(readBinary(0, 0), "6981"),
			ok(selEF("00 17")), fails(readBinary(0, 0), "6981"),
		}},
		{name: "certificates are free to read, extended length in one go", steps: []step{
			ok(selJPKI), ok(selEF("00 0A")), reads(readBinary(0, 4), 4),
			{apdu: readExtended(0, 0), sw: "9000", dataLen: -1},
		}},
		{name: "extended APDU refused without support", persona: func(p *Persona) { p.ExtendedAPDU = false }, steps: []step{
			ok(selJPKI), ok(selEF("00 0A")), fails(readExtended(0, 0x0800), "6700"), reads(readBinary(0, 4), 4),
		}},
		{name: "malformed APDUs", steps: []step{
			fails("00", "6700"), fails("00 A4 04", "6700"),
			fails("00 A4 04 0C 0A D3 92", "6700"),
			fails("00 B0 00 00 00 01", "6700"),
			fails("00 A4 04 0C 00 00 00 05 01", "6700"), fails("00 A4 04 0C 00 00 02 01", "6700"),
		}},
		{name: "empty VERIFY tells tries without spending one", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails(emptyVerify, "63C3"), fails(emptyVerify, "63C3"),
			ok(selEF("00 1B")), fails(emptyVerify, "63C5"),
			ok(selCardInfo), ok(selEF("00 11")), fails(emptyVerify, "63C3"),
		}},
		{name: "wrong PINs count down to blocked", steps: []step{
			ok(selJPKI), ok(selEF("00 18")),
			fails(verifyPIN("0000"), "63C2"), fails(verifyPIN("0001"), "63C1"), fails(verifyPIN("0002"), "63C0"),
			fails(verifyPIN("1234"), "6984"), fails(emptyVerify, "63C0"),
		}},
		{name: "a right PIN restores the tries", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails(verifyPIN("9999"), "63C2"), ok(verifyPIN("1234")),
			ok(emptyVerify), ok(selJPKI), ok(selEF("00 18")), fails(emptyVerify, "63C3"),
		}},
		{name: "a PIN of the wrong length is a wrong PIN", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails(verifyPIN("12345"), "63C2"),
		}},
		{name: "signature password", steps: []step{
			ok(selJPKI), ok(selEF("00 1B")), fails(verifyPIN("WRONG1"), "63C4"), ok(verifyPIN("MADO2026")), ok(emptyVerify),
		}},
		{name: "blocked persona", persona: func(p *Persona) { p.PINs.UserAuth.TriesLeft = 0 }, steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails(emptyVerify, "63C0"), fails(verifyPIN("1234"), "6984"),
		}},
		{name: "persona with tries already spent", persona: func(p *Persona) { p.PINs.CardInfo.TriesLeft = 1 }, steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), fails(emptyVerify, "63C1"), fails(verifyPIN("4321"), "63C0"), fails(verifyPIN("1234"), "6984"),
		}},
		{name: "VERIFY needs a PIN file", steps: []step{
			fails(verifyPIN("1234"), "6986"), ok(selJPKI), fails(emptyVerify, "6986"),
			ok(selEF("00 06")), fails(verifyPIN("1234"), "6986"),
		}},
		{name: "VERIFY with wrong P1 P2, class or Le", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), fails("00 20 00 81", "6A86"), fails("80 20 00 80", "6E00"),
			fails("00 20 00 80 00", "6700"),
		}},
		{name: "card-info files need VERIFY on 0011", steps: []step{
			ok(selCardInfo), ok(selEF("00 01")), fails(readBinary(0, 17), "6982"),
			ok(selEF("00 02")), fails(readBinary(0, 7), "6982"),
			ok(selEF("00 03")), fails(readBinary(0, 7), "6982"),
			ok(selEF("00 04")), fails(readBinary(0, 7), "6982"),
			ok(selEF("00 05")), fails(readBinary(0, 7), "6982"),
		}},
		{name: "a wrong PIN does not open them", steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), fails(verifyPIN("0000"), "63C2"), ok(selEF("00 01")), fails(readBinary(0, 17), "6982"),
		}},
		{name: "the number after VERIFY", steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), ok(verifyPIN("1234")), ok(selEF("00 01")), gives(readBinary(0, 17), number),
		}},
		{name: "verified state ends with another SELECT of an application", steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), ok(verifyPIN("1234")), ok(selJPKI), ok(selCardInfo),
			ok(selEF("00 01")), fails(readBinary(0, 17), "6982"), ok(selEF("00 11")), fails(emptyVerify, "63C3"),
		}},
		{name: "even a SELECT of the same application", steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), ok(verifyPIN("1234")), ok(selCardInfo), ok(selEF("00 01")), fails(readBinary(0, 17), "6982"),
		}},
		{name: "a PIN of one application does not open another's files", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), ok(verifyPIN("1234")), ok(selCardInfo), ok(selEF("00 01")), fails(readBinary(0, 17), "6982"),
		}},
		{name: "SIGN needs VERIFY on 0018", steps: []step{
			ok(selJPKI), ok(selEF("00 17")), fails("80 2A 00 80 03 01 02 03 00", "6982"),
		}},
		{name: "SIGN after VERIFY", steps: []step{
			ok(selJPKI), ok(selEF("00 18")), ok(verifyPIN("1234")), ok(selEF("00 17")),
			reads("80 2A 00 80 03 01 02 03 00", 256),
		}},
		{name: "SIGN needs a key file, the right class, P1 P2 and data", steps: []step{
			ok(selJPKI), fails("80 2A 00 80 03 01 02 03 00", "6986"), ok(selEF("00 18")), ok(verifyPIN("1234")),
			ok(selEF("00 17")), fails("00 2A 00 80 03 01 02 03 00", "6E00"), fails("80 2A 9E 9A 03 01 02 03 00", "6A86"),
			fails("80 2A 00 80 00", "6700"),
		}},
		{name: "fault: status word for an INS", persona: func(p *Persona) { p.Faults.StatusWord = map[string]string{"B0": "6F00"} }, steps: []step{
			ok(selJPKI), ok(selEF("00 06")), fails(readBinary(0, 0x20), "6F00"),
		}},
		{name: "fault: truncated number file", persona: func(p *Persona) { p.Faults.TruncateEF = "0001" }, steps: []step{
			ok(selCardInfo), ok(selEF("00 11")), ok(verifyPIN("1234")), ok(selEF("00 01")),
			gives(readBinary(0, 17), number[:8]), fails(readBinary(8, 1), "6B00"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCard(t, tt.persona)
			for i, s := range tt.steps {
				rsp := c.Transmit(apdu(s.apdu))
				if len(rsp) < 2 {
					t.Fatalf("step %d %s: response of %d bytes", i, s.apdu, len(rsp))
				}
				got, data := sw(rsp)
				if got != s.sw {
					t.Fatalf("step %d %s: SW %s, want %s", i, s.apdu, got, s.sw)
				}
				switch {
				case s.data != nil && !bytes.Equal(data, s.data):
					t.Fatalf("step %d %s: data %X, want %X", i, s.apdu, data, s.data)
				case s.dataLen >= 0 && s.data == nil && len(data) != s.dataLen:
					t.Fatalf("step %d %s: %d bytes of data, want %d", i, s.apdu, len(data), s.dataLen)
				}
			}
		})
	}
}

func TestPowerCycleForgetsVerification(t *testing.T) {
	for _, what := range []string{"power off", "power on", "reset"} {
		t.Run(what, func(t *testing.T) {
			c := newTestCard(t, nil)
			send(t, c, selCardInfo, "9000")
			send(t, c, selEF("00 11"), "9000")
			send(t, c, verifyPIN("1234"), "9000")
			c.control(what)
			send(t, c, selEF("00 01"), "6A82") // no application selected any more
			send(t, c, selCardInfo, "9000")
			send(t, c, selEF("00 01"), "9000")
			send(t, c, readBinary(0, 17), "6982")
		})
	}
}

func TestTriesLeftFollowTheCard(t *testing.T) {
	c := newTestCard(t, nil)
	send(t, c, selJPKI, "9000")
	send(t, c, selEF("00 1B"), "9000")
	send(t, c, verifyPIN("NOTIT1"), "63C4")
	c.control("reset") // counters live in the chip: a reset keeps them
	if got := c.TriesLeft(SignaturePIN); got != 4 {
		t.Errorf("signature tries left = %d, want 4", got)
	}
	if got := c.TriesLeft(UserAuthPIN); got != 3 {
		t.Errorf("user-authentication tries left = %d, want 3", got)
	}
	if got := c.TriesLeft(CardInfoPIN); got != 3 {
		t.Errorf("card-info tries left = %d, want 3", got)
	}
}

func TestSignatureVerifiesWithTheCertificateKey(t *testing.T) {
	c := newTestCard(t, nil)
	digest := sha256.Sum256([]byte("sign-in challenge"))
	// DigestInfo for SHA-256 (RFC 8017, 9.2 note 1) followed by the hash.
	info := append(apdu("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"), digest[:]...)
	send(t, c, selJPKI, "9000")
	send(t, c, selEF("00 18"), "9000")
	send(t, c, verifyPIN("1234"), "9000")
	send(t, c, selEF("00 17"), "9000")
	cmd := append(append(apdu("80 2A 00 80"), byte(len(info))), info...)
	rsp := c.Transmit(append(cmd, 0x00))
	got, sig := sw(rsp)
	if got != "9000" {
		t.Fatalf("SIGN: SW %s", got)
	}
	if err := rsa.VerifyPKCS1v15(c.AuthCert().PublicKey.(*rsa.PublicKey), crypto.SHA256, digest[:], sig); err != nil {
		t.Errorf("signature does not verify with the key of EF 000A: %v", err)
	}
}

func TestAuthCertificate(t *testing.T) {
	c := newTestCard(t, func(p *Persona) {
		p.Certificate = CertDates{NotBefore: "2020-01-15", NotAfter: "2025-01-14"}
	})
	send(t, c, selJPKI, "9000")
	certDER := readFile(t, c, "00 0A")
	caDER := readFile(t, c, "00 0B")
	if certDER[0] != 0x30 || certDER[1] != 0x82 || caDER[0] != 0x30 || caDER[1] != 0x82 {
		t.Fatalf("certificates do not start 30 82: % X / % X", certDER[:2], caDER[:2])
	}
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.CheckSignatureFrom(ca); err != nil {
		t.Errorf("EF 000A is not signed by EF 000B: %v", err)
	}
	if !ca.Equal(c.AuthCACert()) || !cert.Equal(c.AuthCert()) {
		t.Error("AuthCert/AuthCACert differ from the files")
	}
	wantFrom := time.Date(2020, 1, 15, 0, 0, 0, 0, jst)
	wantUntil := time.Date(2025, 1, 14, 23, 59, 59, 0, jst)
	if !cert.NotBefore.Equal(wantFrom) || !cert.NotAfter.Equal(wantUntil) {
		t.Errorf("validity %v – %v, want %v – %v", cert.NotBefore, cert.NotAfter, wantFrom, wantUntil)
	}
	if pub := cert.PublicKey.(*rsa.PublicKey); pub.N.BitLen() != 2048 {
		t.Errorf("key of %d bits, want 2048", pub.N.BitLen())
	}
	if !ca.NotBefore.Before(cert.NotBefore) || !ca.NotAfter.After(time.Now()) {
		t.Errorf("CA validity %v – %v does not cover the certificate and now", ca.NotBefore, ca.NotAfter)
	}
}

// readCardInfo reads EF 0001–0005 after VERIFY; absent files are nil.
func readCardInfo(t *testing.T, c *Card) map[string][]byte {
	t.Helper()
	send(t, c, selCardInfo, "9000")
	send(t, c, selEF("00 11"), "9000")
	send(t, c, verifyPIN("1234"), "9000")
	out := map[string][]byte{}
	for _, fid := range []string{"0001", "0002", "0003", "0004", "0005"} {
		if got, _ := sw(c.Transmit(apdu(selEF(fid[:2] + " " + fid[2:])))); got == "6A82" {
			continue
		}
		out[fid] = readFile(t, c, fid[:2]+" "+fid[2:])
	}
	return out
}

func TestBasicFour(t *testing.T) {
	long := strings.Repeat("WOLFESCHLEGELSTEINHAUSENBERGERDORFF ", 8)
	tests := []struct {
		name    string
		persona func(*Persona)
		lenForm byte // the length byte after FF 20; 0: any short form
	}{
		{"Japanese name, short form length", nil, 0},
		{"long Roman name, two-byte length", func(p *Persona) {
			p.Name = "HUBERT BLAINE " + long + "SR"
			p.Address = "東京都新宿区西新宿二丁目8番1号 " + strings.Repeat("パークタワー", 30)
			p.Sex = "1"
			p.BirthDate = "1961-02-28"
		}, 0x82},
		{"通称 in the name, unknown birth day", func(p *Persona) {
			p.Name = "NGUYEN VAN AN（通称 中村安）"
			p.BirthDate = "1985-07-00"
			p.Sex = "9"
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCard(t, tt.persona)
			p := c.Persona()
			file := readCardInfo(t, c)["0002"]
			if file[0] != 0xFF || file[1] != 0x20 || (tt.lenForm == 0) != (file[2] < 0x80) || (tt.lenForm != 0 && file[2] != tt.lenForm) {
				t.Fatalf("EF 0002 starts % X, want FF 20 %02X", file[:3], tt.lenForm)
			}
			outer, rest, err := parseTLV(file)
			if err != nil || len(rest) != 0 {
				t.Fatalf("EF 0002: %v, %d bytes after the TLV", err, len(rest))
			}
			items := children(t, outer.value)
			birth := strings.ReplaceAll(p.BirthDate, "-", "")
			for tag, want := range map[string]string{"DF22": p.Name, "DF23": p.Address, "DF24": birth, "DF25": p.Sex} {
				if got := string(items[tag].value); got != want {
					t.Errorf("%s = %q, want %q", tag, got, want)
				}
			}
			header := items["DF21"].value
			if len(header) != 8 {
				t.Fatalf("DF21 of %d bytes, want 8", len(header))
			}
			for i, tag := range []string{"DF22", "DF23", "DF24", "DF25"} {
				off := int(header[2*i])<<8 | int(header[2*i+1])
				if !bytes.HasPrefix(file[off:], items[tag].raw) {
					t.Errorf("DF21 offset %d for %s does not point at it", off, tag)
				}
			}
		})
	}
}

// TestChipSignatureChain checks EF 0003–0005 the way docs/virtual-card.md tells a client to.
func TestChipSignatureChain(t *testing.T) {
	c := newTestCard(t, nil)
	files := readCardInfo(t, c)
	if len(files["0001"]) != 17 || len(files["0003"]) != 336 || len(files["0004"]) != 568 || len(files["0005"]) != 256 {
		t.Fatalf("file sizes 0001 %d, 0003 %d, 0004 %d, 0005 %d; want 17, 336, 568, 256",
			len(files["0001"]), len(files["0003"]), len(files["0004"]), len(files["0005"]))
	}

	cert, _, err := parseTLV(files["0004"])
	if err != nil || !bytes.Equal(cert.tag, []byte{0x7F, 0x21}) {
		t.Fatalf("EF 0004: %v, tag % X", err, cert.tag)
	}
	body, rest, err := parseTLV(cert.value)
	if err != nil {
		t.Fatal(err)
	}
	sigItem, _, err := parseTLV(rest)
	if err != nil || !bytes.Equal(body.tag, []byte{0x7F, 0x4E}) || !bytes.Equal(sigItem.tag, []byte{0x5F, 0x37}) {
		t.Fatalf("EF 0004 inside: %v, tags % X / % X", err, body.tag, sigItem.tag)
	}
	ca := c.ChipCACert()
	if !bytes.Equal(body.value[:16], ca.SubjectKeyId) {
		t.Errorf("issuer reference % X, want the CA's SubjectKeyId % X", body.value[:16], ca.SubjectKeyId)
	}
	sum := sha256.Sum256(body.raw)
	if err := rsa.VerifyPKCS1v15(ca.PublicKey.(*rsa.PublicKey), crypto.SHA256, sum[:], sigItem.value); err != nil {
		t.Fatalf("EF 0004 signature: %v", err)
	}
	keyItems := children(t, body.value[32:])
	chipKey := &rsa.PublicKey{N: new(big.Int).SetBytes(keyItems["81"].value), E: int(new(big.Int).SetBytes(keyItems["82"].value).Int64())}

	apInfo, _, err := parseTLV(files["0005"])
	if err != nil {
		t.Fatal(err)
	}
	info := children(t, apInfo.value)
	if !bytes.Equal(info["DF42"].value, body.value[16:32]) {
		t.Errorf("EF 0005 key ID % X, want the subject reference of EF 0004 % X", info["DF42"].value, body.value[16:32])
	}
	if flags := info["DF41"].value; len(flags) != 4 || flags[1] != 0x01 {
		t.Errorf("EF 0005 DF41 % X, want byte 1 = 01 (extended APDU)", flags)
	}

	sigFile, _, err := parseTLV(files["0003"])
	if err != nil {
		t.Fatal(err)
	}
	sig := children(t, sigFile.value)
	numberTLV, _, _ := parseTLV(files["0001"])
	h1, h2 := sha256.Sum256(numberTLV.raw), sha256.Sum256(files["0002"])
	if !bytes.Equal(sig["DF31"].value, h1[:]) || !bytes.Equal(sig["DF32"].value, h2[:]) {
		t.Errorf("DF31/DF32 are not the SHA-256 of the number and basic-four TLVs")
	}
	signed := sha256.Sum256(append(bytes.Clone(sig["DF31"].value), sig["DF32"].value...))
	if err := rsa.VerifyPKCS1v15(chipKey, crypto.SHA256, signed[:], sig["DF33"].value); err != nil {
		t.Errorf("DF33 does not verify with the key of EF 0004: %v", err)
	}
}

func TestChipSignatureStates(t *testing.T) {
	t.Run("invalid", func(t *testing.T) {
		c := newTestCard(t, func(p *Persona) { p.ChipSignature = ChipSignatureInvalid })
		files := readCardInfo(t, c)
		sigFile, _, _ := parseTLV(files["0003"])
		sig := children(t, sigFile.value)
		signed := sha256.Sum256(append(bytes.Clone(sig["DF31"].value), sig["DF32"].value...))
		if rsa.VerifyPKCS1v15(&c.pki.keys.chip.PublicKey, crypto.SHA256, signed[:], sig["DF33"].value) == nil {
			t.Error("an invalid chip signature verifies")
		}
	})
	t.Run("absent", func(t *testing.T) {
		c := newTestCard(t, func(p *Persona) { p.ChipSignature = ChipSignatureAbsent })
		files := readCardInfo(t, c)
		if _, ok := files["0003"]; ok {
			t.Error("EF 0003 is there")
		}
		if _, ok := files["0004"]; !ok {
			t.Error("EF 0004 went missing too")
		}
	})
	t.Run("no extended APDU flag", func(t *testing.T) {
		c := newTestCard(t, func(p *Persona) { p.ExtendedAPDU = false })
		apInfo, _, _ := parseTLV(readCardInfo(t, c)["0005"])
		if flags := children(t, apInfo.value)["DF41"].value; flags[1] != 0x00 {
			t.Errorf("DF41 % X, want byte 1 = 00", flags)
		}
	})
}

func TestLogHoldsNoSecrets(t *testing.T) {
	var log bytes.Buffer
	c := newTestCard(t, nil)
	c.SetLog(&log)
	readCardInfo(t, c)
	send(t, c, selJPKI, "9000")
	send(t, c, selEF("00 1B"), "9000")
	send(t, c, verifyPIN("MADO2026"), "9000")
	out := log.String()
	for _, secret := range []string{"1234", "MADO2026", "123456789018", "花子", "霞が関", "31323334"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "VERIFY EF 0011") || !strings.Contains(out, "READ BINARY EF 0002") {
		t.Errorf("log does not say what happened:\n%s", out)
	}
}
