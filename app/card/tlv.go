package card

import (
	"errors"
	"fmt"
)

// BER-TLV is parsed by hand because the card writes private tags in the long
// form even when the tag number is below 31 (FF 10, DF 21), which
// encoding/asn1 rejects as non-minimal. Every length is checked against the
// bytes that are really there before anything is sliced.

// Errors of the TLV parser. They come wrapped in a *TLVError that says where.
var (
	ErrTLVTruncated  = errors.New("value or header runs past the end of the data")
	ErrTLVIndefinite = errors.New("indefinite length is not allowed")
	ErrTLVLongLength = errors.New("length field longer than two bytes")
	ErrTLVLongTag    = errors.New("tag longer than three bytes")
	ErrTLVBadTag     = errors.New("malformed tag")
	ErrTLVTooDeep    = errors.New("constructed values nested too deeply")
)

// TLVError says which error the parser met and at which byte offset of the
// input it met it.
type TLVError struct {
	Offset int
	Err    error
}

func (e *TLVError) Error() string { return fmt.Sprintf("tlv at byte %d: %v", e.Offset, e.Err) }
func (e *TLVError) Unwrap() error { return e.Err }

// Tag is a BER tag as its bytes read big-endian: FF 10 is Tag(0xFF10).
type Tag uint32

// Constructed reports whether the tag's first byte has the constructed bit,
// that is, whether its value is itself a sequence of TLVs.
func (t Tag) Constructed() bool {
	first := uint32(t)
	for first > 0xFF {
		first >>= 8
	}
	return first&0x20 != 0
}

func (t Tag) String() string { return fmt.Sprintf("%X", uint32(t)) }

// TLV is one parsed element. Value holds its content bytes; Children holds
// the parsed content of a constructed element when ParseTree made it.
type TLV struct {
	Tag      Tag
	Value    []byte
	Children []TLV
}

// Find returns the first child with tag t.
func (v TLV) Find(t Tag) (TLV, bool) {
	for _, c := range v.Children {
		if c.Tag == t {
			return c, true
		}
	}
	return TLV{}, false
}

// maxTLVDepth bounds nesting so hostile input cannot exhaust the stack; the
// card's files nest two levels.
const maxTLVDepth = 16

// Header is the tag and length at the start of an element.
type Header struct {
	Tag    Tag
	Len    int // length of the value
	HdrLen int // bytes taken by tag and length
}

// Total is the size of the whole element, header included.
func (h Header) Total() int { return h.HdrLen + h.Len }

// ParseHeader reads the tag and length at the start of b without requiring
// the value to be present: this is how a long file's size is learnt from its
// first bytes.
func ParseHeader(b []byte) (Header, error) {
	tag, n, err := parseTag(b)
	if err != nil {
		return Header{}, &TLVError{Offset: n, Err: err}
	}
	l, m, err := parseLength(b[n:])
	if err != nil {
		return Header{}, &TLVError{Offset: n + m, Err: err}
	}
	return Header{Tag: tag, Len: l, HdrLen: n + m}, nil
}

// ParseOne parses the element at the start of b without looking inside its
// value, and returns the bytes after it.
func ParseOne(b []byte) (TLV, []byte, error) {
	v, n, err := parseElement(b, 0, 0, false)
	if err != nil {
		return TLV{}, nil, err
	}
	return v, b[n:], nil
}

// ParseTree parses the element at the start of b and, recursively, the
// content of every constructed element in it; it returns the bytes after it.
// Use ParseOne for an element whose constructed value is not itself TLV:
// the card marks FF 10 constructed yet fills it with digits, and a CV
// certificate body starts with raw key references.
func ParseTree(b []byte) (TLV, []byte, error) {
	v, n, err := parseElement(b, 0, 0, true)
	if err != nil {
		return TLV{}, nil, err
	}
	return v, b[n:], nil
}

// ParseAll parses b as a sequence of elements, not looking inside them, that
// must use every byte.
func ParseAll(b []byte) ([]TLV, error) {
	return parseSequence(b, 0, 0, false)
}

func parseSequence(b []byte, base, depth int, tree bool) ([]TLV, error) {
	var out []TLV
	for off := 0; off < len(b); {
		v, n, err := parseElement(b[off:], base+off, depth, tree)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		off += n
	}
	return out, nil
}

// parseElement returns the element at the start of b and its total size.
// base is b's offset in the original input, for error messages.
func parseElement(b []byte, base, depth int, tree bool) (TLV, int, error) {
	if depth > maxTLVDepth {
		return TLV{}, 0, &TLVError{Offset: base, Err: ErrTLVTooDeep}
	}
	h, err := ParseHeader(b)
	if err != nil {
		var te *TLVError
		if errors.As(err, &te) {
			te.Offset += base
		}
		return TLV{}, 0, err
	}
	if h.Len > len(b)-h.HdrLen {
		return TLV{}, 0, &TLVError{Offset: base + h.HdrLen, Err: ErrTLVTruncated}
	}
	v := TLV{Tag: h.Tag, Value: b[h.HdrLen:h.Total():h.Total()]}
	if tree && h.Tag.Constructed() {
		v.Children, err = parseSequence(v.Value, base+h.HdrLen, depth+1, true)
		if err != nil {
			return TLV{}, 0, err
		}
	}
	return v, h.Total(), nil
}

// parseTag reads a tag of one to three bytes. On error the int is the
// offset of the offending byte.
func parseTag(b []byte) (Tag, int, error) {
	if len(b) == 0 {
		return 0, 0, ErrTLVTruncated
	}
	t := Tag(b[0])
	if b[0]&0x1F != 0x1F {
		return t, 1, nil
	}
	// Long form: subsequent bytes carry 7 bits each; bit 8 set means "more".
	for i := 1; ; i++ {
		if i >= len(b) {
			return 0, i, ErrTLVTruncated
		}
		if i == 1 && b[i] == 0x80 {
			return 0, i, ErrTLVBadTag // ISO 7816-4: 80 cannot start the tag number
		}
		if i >= 3 {
			return 0, i, ErrTLVLongTag
		}
		t = t<<8 | Tag(b[i])
		if b[i]&0x80 == 0 {
			return t, i + 1, nil
		}
	}
}

// parseLength reads a short length, or 81 XX, or 82 XX XX. On error the int
// is the offset of the offending byte.
func parseLength(b []byte) (int, int, error) {
	if len(b) == 0 {
		return 0, 0, ErrTLVTruncated
	}
	switch first := b[0]; {
	case first < 0x80:
		return int(first), 1, nil
	case first == 0x80:
		return 0, 0, ErrTLVIndefinite
	case first == 0x81:
		if len(b) < 2 {
			return 0, 1, ErrTLVTruncated
		}
		return int(b[1]), 2, nil
	case first == 0x82:
		if len(b) < 3 {
			return 0, len(b), ErrTLVTruncated
		}
		return int(b[1])<<8 | int(b[2]), 3, nil
	default:
		return 0, 0, ErrTLVLongLength
	}
}

// isPadding reports whether b holds only the filler bytes ISO 7816-4 allows
// around BER-TLV objects (00 or FF), as at the end of EF 0001.
func isPadding(b []byte) bool {
	for _, c := range b {
		if c != 0x00 && c != 0xFF {
			return false
		}
	}
	return true
}
