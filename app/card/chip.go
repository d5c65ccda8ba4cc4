package card

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"math/big"
)

// The chip-data check: card-info EF 0003 holds SHA-256 hashes of the number
// (EF 0001) and of the four basic items (EF 0002) and a signature over the
// two hashes; EF 0004 is a card-verifiable certificate holding the key that
// made the signature, signed by an issuer whose certificate this program
// must already hold. Layout as docs/virtual-card.md describes it
// (7F21 { 7F4E { issuer ref 16 ‖ subject ref 16 ‖ 82 exponent ‖ 81 modulus };
// 5F37 signature over the whole 7F4E TLV }); RSA PKCS#1 v1.5 with SHA-256.

// ChipResult is the outcome of the chip-data check.
type ChipResult string

const (
	// ChipAuthentic: the data read is what the issuer signed.
	ChipAuthentic ChipResult = "authentic"
	// ChipNotAuthentic: the check ran and failed: the data or the card may
	// have been altered.
	ChipNotAuthentic ChipResult = "notAuthentic"
	// ChipNotVerified: the check could not run, so it says nothing either
	// way (Reason says why).
	ChipNotVerified ChipResult = "notVerified"
)

// MessageID names the message that explains the result to staff.
func (r ChipResult) MessageID() string { return "card.chip." + string(r) }

// ChipCheck is the result of the check and, unless authentic, the message
// ID that explains it to staff.
type ChipCheck struct {
	Result ChipResult `json:"result"`
	Reason string     `json:"reason,omitempty"`
}

// Reasons, as message IDs.
const (
	reasonAbsent        = "card.chip.reason.absent"
	reasonUnsupported   = "card.chip.reason.unsupported"
	reasonUnknownIssuer = "card.chip.reason.unknownIssuer"
	reasonBadCert       = "card.chip.reason.badCertificate"
	reasonMalformed     = "card.chip.reason.malformed"
	reasonBadSignature  = "card.chip.reason.badSignature"
	reasonDataChanged   = "card.chip.reason.dataChanged"
)

// Tags of EF 0004, the card-verifiable certificate. [virtual]
const (
	tagCVCert     Tag = 0x7F21
	tagCVBody     Tag = 0x7F4E
	tagCVSig      Tag = 0x5F37
	tagCVExponent Tag = 0x82
	tagCVModulus  Tag = 0x81
	cvRefLen          = 16
	sha256Len         = sha256.Size
	// RSA keys of 1024 to 4096 bits: the card's is 2048; the bounds keep a
	// hostile modulus from making the check slow.
	minModulusLen = 128
	maxModulusLen = 512
)

// chipSig is EF 0003.
type chipSig struct {
	numberHash, basicHash, sig []byte
}

func decodeChipSig(b []byte) (chipSig, error) {
	const file = "card-info EF 0003"
	v, rest, err := ParseTree(b)
	if err != nil {
		return chipSig{}, &DecodeError{File: file, Err: err}
	}
	if v.Tag != tagSignature || !isPadding(rest) {
		return chipSig{}, malformed(file, "want one element with tag %v", tagSignature)
	}
	num, ok1 := v.Find(tagSigNumHash)
	bas, ok2 := v.Find(tagSigBasHash)
	sig, ok3 := v.Find(tagSigValue)
	if !ok1 || !ok2 || !ok3 || len(num.Value) != sha256Len || len(bas.Value) != sha256Len || len(sig.Value) == 0 {
		return chipSig{}, malformed(file, "want %v and %v of %d bytes and %v", tagSigNumHash, tagSigBasHash, sha256Len, tagSigValue)
	}
	return chipSig{numberHash: num.Value, basicHash: bas.Value, sig: sig.Value}, nil
}

// cvCert is EF 0004.
type cvCert struct {
	body            []byte // the whole 7F4E element: what the issuer signed
	issuer, subject []byte // 16-byte key references
	key             *rsa.PublicKey
	sig             []byte
}

func decodeChipCert(b []byte) (cvCert, error) {
	const file = "card-info EF 0004"
	outer, rest, err := ParseOne(b)
	if err != nil {
		return cvCert{}, &DecodeError{File: file, Err: err}
	}
	if outer.Tag != tagCVCert || !isPadding(rest) {
		return cvCert{}, malformed(file, "want one element with tag %v", tagCVCert)
	}
	// The body's value starts with two raw references, so it is split by
	// hand rather than parsed as a tree.
	bodyEl, afterBody, err := ParseOne(outer.Value)
	if err != nil {
		return cvCert{}, &DecodeError{File: file, Err: err}
	}
	sigEl, afterSig, err := ParseOne(afterBody)
	if err != nil {
		return cvCert{}, &DecodeError{File: file, Err: err}
	}
	if bodyEl.Tag != tagCVBody || sigEl.Tag != tagCVSig || len(afterSig) != 0 || len(sigEl.Value) == 0 {
		return cvCert{}, malformed(file, "want %v then %v", tagCVBody, tagCVSig)
	}
	body := bodyEl.Value
	if len(body) < 2*cvRefLen {
		return cvCert{}, malformed(file, "body shorter than its two references")
	}
	keyParts, err := ParseAll(body[2*cvRefLen:])
	if err != nil {
		return cvCert{}, &DecodeError{File: file, Err: err}
	}
	if len(keyParts) != 2 || keyParts[0].Tag != tagCVExponent || keyParts[1].Tag != tagCVModulus {
		return cvCert{}, malformed(file, "want exponent %v then modulus %v", tagCVExponent, tagCVModulus)
	}
	expBytes := keyParts[0].Value
	if len(expBytes) == 0 || len(expBytes) > 4 {
		return cvCert{}, malformed(file, "exponent not 1 to 4 bytes")
	}
	exp := new(big.Int).SetBytes(expBytes).Int64()
	if exp < 3 || exp%2 == 0 {
		return cvCert{}, malformed(file, "exponent not an odd number from 3")
	}
	mod := keyParts[1].Value
	if len(mod) < minModulusLen || len(mod) > maxModulusLen || mod[0] == 0 {
		return cvCert{}, malformed(file, "modulus of %d bytes, want %d to %d", len(mod), minModulusLen, maxModulusLen)
	}
	n := new(big.Int).SetBytes(mod)
	bodyLen := len(outer.Value) - len(afterBody) // the 7F4E element, header included: what the issuer signed
	return cvCert{
		body:    outer.Value[:bodyLen:bodyLen],
		issuer:  body[:cvRefLen],
		subject: body[cvRefLen : 2*cvRefLen],
		key:     &rsa.PublicKey{N: n, E: int(exp)},
		sig:     sigEl.Value,
	}, nil
}

// chipFiles is what the check needs from the card; nil sig or cert means
// the file is absent.
type chipFiles struct {
	sig, cert []byte
	numberTLV []byte // EF 0001 without padding; nil when the number was not read
	basicTLV  []byte // EF 0002 without padding
}

// checkChip runs the check. The order matters: until the certificate is
// known to come from a trusted issuer, nothing on the card can be believed,
// so a card from an issuer this program does not know is "not verified",
// never "not authentic".
func checkChip(f chipFiles, trust []*x509.Certificate) ChipCheck {
	notVerified := func(r string) ChipCheck { return ChipCheck{Result: ChipNotVerified, Reason: r} }
	notAuthentic := func(r string) ChipCheck { return ChipCheck{Result: ChipNotAuthentic, Reason: r} }
	if f.sig == nil || f.cert == nil {
		return notVerified(reasonAbsent)
	}
	cert, err := decodeChipCert(f.cert)
	if err != nil {
		return notVerified(reasonUnsupported)
	}
	issuer := findIssuer(trust, cert.issuer)
	if issuer == nil {
		return notVerified(reasonUnknownIssuer)
	}
	if !verifySHA256(issuer, cert.body, cert.sig) {
		return notAuthentic(reasonBadCert)
	}
	sig, err := decodeChipSig(f.sig)
	if err != nil {
		return notAuthentic(reasonMalformed)
	}
	signed := append(append([]byte(nil), sig.numberHash...), sig.basicHash...)
	if !verifySHA256(cert.key, signed, sig.sig) {
		return notAuthentic(reasonBadSignature)
	}
	basic := sha256.Sum256(f.basicTLV)
	if !bytes.Equal(basic[:], sig.basicHash) {
		return notAuthentic(reasonDataChanged)
	}
	if f.numberTLV != nil {
		number := sha256.Sum256(f.numberTLV)
		if !bytes.Equal(number[:], sig.numberHash) {
			return notAuthentic(reasonDataChanged)
		}
	}
	return ChipCheck{Result: ChipAuthentic}
}

// findIssuer returns the RSA key of the trusted certificate whose subject
// key identifier is ref.
func findIssuer(trust []*x509.Certificate, ref []byte) *rsa.PublicKey {
	for _, c := range trust {
		if c == nil || !bytes.Equal(c.SubjectKeyId, ref) {
			continue
		}
		if k, ok := c.PublicKey.(*rsa.PublicKey); ok {
			return k
		}
	}
	return nil
}

func verifySHA256(key *rsa.PublicKey, data, sig []byte) bool {
	sum := sha256.Sum256(data)
	return rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig) == nil
}
