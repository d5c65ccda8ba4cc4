package virtual

// The card's layout as seen over PC/SC: application IDs, file IDs, PIN limits, the ATR.
//
// Source: /work/shared/domain/card-layout.md, which collects OpenSC 0.23 (src/libopensc/card-jpki.c, jpki.h,
// pkcs15-jpki.c), the open-source `myna` tool (libmyna reader.go, text_ap.go, jpki_ap.go), the `mynacard`
// TypeScript constants and schemas (@aokiapp/mynacard: the 7F21 certificate and the DF21 offsets), and published
// APDU traces of real cards. PIN limits: /work/shared/domain/facts.md ("The card", PINs). Everything the virtual card
// invents where no public source says what a real card does is marked "invented" and listed in docs/virtual-card.md.

// ATR is what PC/SC reports for the card: T=1, no historical bytes (card-layout.md, "Card").
var atr = []byte{0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14}

// Application IDs, selected with 00 A4 04 0C Lc AID.
var (
	aidJPKI     = []byte{0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}
	aidCardInfo = []byte{0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08} // 券面事項入力補助AP
	aidCardFace = []byte{0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02} // 券面AP
	aidResident = []byte{0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00} // 住基AP
)

// JPKI application files.
const (
	fidJPKIToken    = 0x0006 // token, 32 bytes space-padded, free
	fidAuthCert     = 0x000A // user-authentication certificate, free
	fidAuthCACert   = 0x000B // its CA certificate, free
	fidAuthKey      = 0x0017 // user-authentication private key: SIGN after VERIFY on 0018
	fidAuthPIN      = 0x0018 // user-authentication PIN
	fidSignaturePIN = 0x001B // signature password
)

// Card-info input support application files.
const (
	fidCardInfoPIN  = 0x0011 // VERIFY here before reading 0001–0005
	fidNumber       = 0x0001 // FF 10 0C + 12 ASCII digits + FF FF
	fidBasicFour    = 0x0002 // FF 20 L { DF21 .. DF25 }
	fidChipSig      = 0x0003 // FF 30 { DF31 DF32 DF33 }
	fidChipCert     = 0x0004 // 7F 21 certificate that checks 0003 (568 bytes)
	fidCardInfoInfo = 0x0005 // FF 40 { DF41 DF42 }, 256 bytes
)

// PIN limits (facts.md: 3 wrong 4-digit PINs, 5 wrong signature passwords).
const (
	maxTriesFourDigit = 3
	maxTriesSignature = 5
)

// Token values of EF 0006 (card-layout.md, "JPKI application").
const (
	TokenCard       = "JPKIAPICCTOKEN2" // the card
	TokenSmartphone = "JPKIAPGPSETOKEN" // a smartphone
	TokenOldCard    = "JPKIAPICCTOKEN"  // an old card
)

const tokenLength = 32

// Status words the card answers.
const (
	swOK               = 0x9000
	swWrongLength      = 0x6700
	swIncompatibleFile = 0x6981 // READ BINARY of a PIN or key file (invented: no trace shows it)
	swNotSatisfied     = 0x6982 // security status not satisfied
	swBlocked          = 0x6984 // PIN blocked
	swNoCurrentEF      = 0x6986 // command not allowed: no (suitable) current EF (invented)
	swNotFound         = 0x6A82 // file or application not found
	swWrongP1P2        = 0x6A86
	swPastEnd          = 0x6B00 // offset past the end of the file (card-layout.md: expected, unverified)
	swUnknownINS       = 0x6D00
	swUnknownCLA       = 0x6E00
	swTriesLeft        = 0x63C0 // | tries left
)

// Bytes of EF 0005's DF41 (invented layout, documented in docs/virtual-card.md): version, extended-APDU flag,
// vendor, option. extendedAPDUSupported in byte 1 says the card takes extended-length READ BINARY.
const (
	apInfoVersion         = 0x01
	extendedAPDUSupported = 0x01
	apInfoVendor          = 0x4D // 'M', the virtual card
	apInfoOption          = 0x00
)
