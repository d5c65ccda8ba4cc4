package virtual

// tlv encodes one BER-TLV with the tag bytes as given (the card writes private tags in the long form, FF 10 and
// DF 21, even below 31) and the shortest length form: 1 byte below 128, then 81 LL, then 82 LL LL.
func tlv(tag []byte, value ...[]byte) []byte {
	n := 0
	for _, v := range value {
		n += len(v)
	}
	out := make([]byte, 0, len(tag)+4+n)
	out = append(out, tag...)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n <= 0xFF:
		out = append(out, 0x81, byte(n))
	default: // persona validation keeps every file below 32,768 bytes
		out = append(out, 0x82, byte(n>>8), byte(n))
	}
	for _, v := range value {
		out = append(out, v...)
	}
	return out
}

// Tags the card writes.
var (
	tagNumberFile   = []byte{0xFF, 0x10}
	tagBasicFour    = []byte{0xFF, 0x20}
	tagHeader       = []byte{0xDF, 0x21}
	tagName         = []byte{0xDF, 0x22}
	tagAddress      = []byte{0xDF, 0x23}
	tagBirth        = []byte{0xDF, 0x24}
	tagSex          = []byte{0xDF, 0x25}
	tagChipSig      = []byte{0xFF, 0x30}
	tagNumberHash   = []byte{0xDF, 0x31}
	tagBasicHash    = []byte{0xDF, 0x32}
	tagChipSigValue = []byte{0xDF, 0x33}
	tagAPInfo       = []byte{0xFF, 0x40}
	tagAPInfoFlags  = []byte{0xDF, 0x41}
	tagAPInfoKeyID  = []byte{0xDF, 0x42}
	tagCVCert       = []byte{0x7F, 0x21}
	tagCVBody       = []byte{0x7F, 0x4E}
	tagCVSignature  = []byte{0x5F, 0x37}
	tagCVExponent   = []byte{0x82}
	tagCVModulus    = []byte{0x81}
)
