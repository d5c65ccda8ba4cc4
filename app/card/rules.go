// Package card reads My Number cards through PC/SC: APDUs, BER-TLV, the card's applications, PIN safety and chip-data checks.
package card

// This file holds the facts about the card and the number that the code
// depends on, each with its source, so that a change is made here only.
//
// Sources:
//   - [layout] /shared/domain/card-layout.md, itself from OpenSC 0.23
//     (card-jpki.c, jpki.h, pkcs15-jpki.c), the open-source `myna` tool
//     (libmyna: text_ap.go, jpki_ap.go) and published APDU traces.
//   - [facts] /shared/domain/facts.md ("The number", "The card").
//   - The Individual Number's own rules (length, check digit) are in
//     app/mynumber.
//   - [virtual] docs/virtual-card.md: how this project's virtual card lays
//     out what public sources leave open (EF 0003/0004/0005).

// Application identifiers, selected with 00 A4 04 0C Lc AID. [layout]
var (
	aidJPKI     = []byte{0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}
	aidCardInfo = []byte{0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08} // 券面事項入力補助AP
)

// Elementary files of the JPKI application. [layout]
const (
	efJPKIToken    uint16 = 0x0006 // 32 bytes, space-padded, free
	efJPKIAuthCert uint16 = 0x000A // user-authentication certificate, DER, free
	efJPKIAuthPIN  uint16 = 0x0018 // user-authentication PIN, 4 digits
	efJPKISignPIN  uint16 = 0x001B // signature password, 6–16 characters
)

// Elementary files of the card-info input support application. [layout]
const (
	efInfoNumber    uint16 = 0x0001 // FF 10 0C + 12 digits (+ FF FF)
	efInfoBasic     uint16 = 0x0002 // FF 20 { DF 21..DF 25 }
	efInfoSignature uint16 = 0x0003 // FF 30 { DF 31, DF 32, DF 33 }
	efInfoCert      uint16 = 0x0004 // 7F 21 …, checks EF 0003
	efInfoAPInfo    uint16 = 0x0005 // FF 40 { DF 41 04, DF 42 10 }
	efInfoPIN       uint16 = 0x0011 // PIN, 4 digits, before reading 0001–0005
)

// Tokens in JPKI EF 0006, space-padded to 32 bytes. [layout]
var tokens = map[string]Token{
	"JPKIAPICCTOKEN2": TokenCard,
	"JPKIAPGPSETOKEN": TokenSmartphone,
	"JPKIAPICCTOKEN":  TokenOldCard,
}

const tokenFileLen = 32 // [layout]

// Tags of the card-info files. [layout]
const (
	tagNumber      Tag = 0xFF10
	tagBasic       Tag = 0xFF20
	tagBasicHeader Tag = 0xDF21
	tagName        Tag = 0xDF22
	tagAddress     Tag = 0xDF23
	tagBirth       Tag = 0xDF24
	tagSex         Tag = 0xDF25
	tagSignature   Tag = 0xFF30
	tagSigNumHash  Tag = 0xDF31
	tagSigBasHash  Tag = 0xDF32
	tagSigValue    Tag = 0xDF33
	tagAPInfo      Tag = 0xFF40
	tagAPInfoFlags Tag = 0xDF41
	tagAPInfoKeyID Tag = 0xDF42
)

// Sizes the reader relies on when it plans its READ BINARY commands.
// Reading past the end of a file is answered 6B00 or worse (unverified on a
// real card), so the first read of a file never asks for more than the file
// is known to hold.
const (
	numberFileLen = 17  // FF 10 0C + 12 digits + FF FF [layout]
	sigFileLen    = 336 // EF 0003 [layout]
	apInfoFileLen = 256 // EF 0005 [layout]
	chipCertLen   = 568 // EF 0004 [layout]
	// minBasicLen: FF 20 L, DF 21 08 + header, DF 22 00, DF 23 00,
	// DF 24 08 + YYYYMMDD, DF 25 01 + sex: the shortest well-formed EF 0002.
	minBasicLen = 3 + 11 + 3 + 3 + 11 + 4
	// minCertLen: the smallest DER certificate with an RSA-2048 key exceeds
	// 256 bytes by far, so a first read of 256 bytes is always inside it.
	minCertLen = 256
	// maxShortLe: a short READ BINARY returns at most 256 bytes (ISO 7816-4).
	maxShortLe = 256
	// maxExtendedLe: an extended READ BINARY returns at most 65536 bytes;
	// the card's files are far smaller.
	maxExtendedLe = 65536
)

// Sex codes in EF 0002 DF 25. [layout] ISO/IEC 5218 minus "0 not known".
var sexCodes = map[string]bool{"1": true, "2": true, "9": true}

// PIN facts. [facts] "PINs": 4-digit PINs lock after 3 wrong entries, the
// signature password after 5; the counter resets only on a correct entry;
// unlocking is done at the municipal office with photo ID.
const (
	pinDigits       = 4
	pinMaxTries     = 3
	sigPassMaxTries = 5
)
