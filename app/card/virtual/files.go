package virtual

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"strings"
)

// efKind says what an EF holds, which decides the commands it takes.
type efKind int

const (
	efData efKind = iota // READ BINARY
	efPIN                // VERIFY
	efKey                // SIGN
)

// ef is one elementary file.
type ef struct {
	fid     uint16
	kind    efKind
	data    []byte          // efData: the content READ BINARY returns
	guard   uint16          // efData and efKey: the PIN EF to VERIFY first in this selection; 0 = free
	pin     *pinState       // efPIN
	key     *rsa.PrivateKey // efKey
	pinName string          // efPIN: for the log
}

// pinState is a PIN and its retry counter; it lives as long as the card.
type pinState struct {
	value    string
	tries    int
	maxTries int
}

// application is one selectable application and its files.
type application struct {
	name string
	aid  []byte
	efs  map[uint16]*ef
}

func (a *application) add(files ...*ef) {
	for _, f := range files {
		a.efs[f.fid] = f
	}
}

func newApplication(name string, aid []byte) *application {
	return &application{name: name, aid: aid, efs: map[uint16]*ef{}}
}

// buildApplications lays out the four applications from the persona and its PKI (card-layout.md).
func buildApplications(p Persona, k *pki, f faults) ([]*application, error) {
	pin := func(fid uint16, name string, v PIN, maxTries int) *ef {
		return &ef{fid: fid, kind: efPIN, pinName: name, pin: &pinState{value: v.Value, tries: v.TriesLeft, maxTries: maxTries}}
	}

	jpki := newApplication("JPKI", aidJPKI)
	jpki.add(
		&ef{fid: fidJPKIToken, data: tokenFile(p.Token)},
		&ef{fid: fidAuthCert, data: k.authCert.Raw},
		&ef{fid: fidAuthCACert, data: k.authCACert.Raw},
		&ef{fid: fidAuthKey, kind: efKey, key: k.keys.auth, guard: fidAuthPIN},
		pin(fidAuthPIN, "user-authentication PIN", p.PINs.UserAuth, maxTriesFourDigit),
		pin(fidSignaturePIN, "signature password", p.PINs.Signature, maxTriesSignature),
	)

	number := numberFile(p.Number)
	basic := basicFourFile(p)
	cardInfo := newApplication("card-info input support", aidCardInfo)
	cardInfo.add(
		pin(fidCardInfoPIN, "card-info input support PIN", p.PINs.CardInfo, maxTriesFourDigit),
		&ef{fid: fidNumber, data: number, guard: fidCardInfoPIN},
		&ef{fid: fidBasicFour, data: basic, guard: fidCardInfoPIN},
		&ef{fid: fidChipCert, data: k.chipCVCert, guard: fidCardInfoPIN},
		&ef{fid: fidCardInfoInfo, data: apInfoFile(p.ExtendedAPDU, k.chipKeyID), guard: fidCardInfoPIN},
	)
	if p.ChipSignature != ChipSignatureAbsent {
		// The hashes cover each file's TLV without the padding after it.
		sig, err := chipSignatureFile(k.keys.chip, number[:15], basic, p.ChipSignature == ChipSignatureInvalid)
		if err != nil {
			return nil, err
		}
		cardInfo.add(&ef{fid: fidChipSig, data: sig, guard: fidCardInfoPIN})
	}

	apps := []*application{
		jpki,
		cardInfo,
		newApplication("card-face confirmation", aidCardFace),
		newApplication("resident registry", aidResident),
	}
	if f.truncate {
		for _, a := range apps {
			if e, ok := a.efs[f.truncateEF]; ok && e.kind == efData {
				e.data = e.data[:len(e.data)/2]
			}
		}
	}
	return apps, nil
}

// tokenFile is EF 0006: the token, space-padded to 32 bytes.
func tokenFile(token string) []byte {
	return []byte(token + strings.Repeat(" ", tokenLength-len(token)))
}

// numberFile is card-info EF 0001: FF 10 0C + 12 ASCII digits + FF FF (17 bytes).
func numberFile(number string) []byte {
	return append(tlv(tagNumberFile, []byte(number)), 0xFF, 0xFF)
}

// basicFourFile is card-info EF 0002. DF21 holds, as four 16-bit big-endian numbers, the offsets from the start of
// the file of the DF22–DF25 TLVs: mynacard reads DF21 as 16-bit offsets, but what real cards count from is not
// known, so clients must not rely on it.
func basicFourFile(p Persona) []byte {
	birth := strings.ReplaceAll(p.BirthDate, "-", "")
	items := [][]byte{
		tlv(tagName, []byte(p.Name)),
		tlv(tagAddress, []byte(p.Address)),
		tlv(tagBirth, []byte(birth)),
		tlv(tagSex, []byte(p.Sex)),
	}
	itemsLen := 0
	for _, it := range items {
		itemsLen += len(it)
	}
	const headerTLV = 2 + 1 + 8
	// FF 20 takes 3, 4 or 5 bytes depending on the length that follows; the offsets count from the file's start.
	outerHeader := len(tlv(tagBasicFour, make([]byte, headerTLV+itemsLen))) - headerTLV - itemsLen
	header := make([]byte, 0, 8)
	off := outerHeader + headerTLV
	for _, it := range items {
		header = append(header, byte(off>>8), byte(off))
		off += len(it)
	}
	return tlv(tagBasicFour, append([][]byte{tlv(tagHeader, header)}, items...)...)
}

// chipSignatureFile is card-info EF 0003, 336 bytes:
//
//	FF30 82 014B { DF31 20 SHA-256(number TLV); DF32 20 SHA-256(basic-four TLV);
//	               DF33 82 0100 RSA PKCS#1 v1.5 SHA-256 signature over DF31 value || DF32 value }
//
// An invalid signature has its last byte flipped; the hashes stay right.
func chipSignatureFile(key *rsa.PrivateKey, numberTLV, basicTLV []byte, invalid bool) ([]byte, error) {
	h1 := sha256.Sum256(numberTLV)
	h2 := sha256.Sum256(basicTLV)
	sig, err := signSHA256(key, append(h1[:], h2[:]...))
	if err != nil {
		return nil, fmt.Errorf("sign chip data: %w", err)
	}
	if invalid {
		sig[len(sig)-1] ^= 0xFF
	}
	out := tlv(tagChipSig, tlv(tagNumberHash, h1[:]), tlv(tagBasicHash, h2[:]), tlv(tagChipSigValue, sig))
	return out, nil
}

// apInfoFile is card-info EF 0005, 256 bytes: FF40 { DF41 04 version, extended-APDU, vendor, option;
// DF42 10 key ID }, then FF padding.
func apInfoFile(extended bool, chipKeyID []byte) []byte {
	flag := byte(0)
	if extended {
		flag = extendedAPDUSupported
	}
	info := tlv(tagAPInfo,
		tlv(tagAPInfoFlags, []byte{apInfoVersion, flag, apInfoVendor, apInfoOption}),
		tlv(tagAPInfoKeyID, chipKeyID))
	return append(info, bytes.Repeat([]byte{0xFF}, 256-len(info))...)
}
