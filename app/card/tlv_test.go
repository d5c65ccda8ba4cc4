package card

import (
	"bytes"
	"errors"
	"testing"
)

func TestParseTree(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    *TLV // nil: error expected
		wantErr error
		rest    []byte
	}{
		{name: "short length", in: []byte{0xDF, 0x25, 0x01, '2'}, want: &TLV{Tag: 0xDF25, Value: []byte("2")}},
		{name: "long-form private tag below 31", in: []byte{0xDF, 0x10, 0x02, '1', '2', 0xFF, 0xFF},
			want: &TLV{Tag: 0xDF10, Value: []byte("12")}, rest: []byte{0xFF, 0xFF}},
		{name: "81 length", in: append([]byte{0xDF, 0x22, 0x81, 0x80}, make([]byte, 0x80)...),
			want: &TLV{Tag: 0xDF22, Value: make([]byte, 0x80)}},
		{name: "82 length", in: append([]byte{0x04, 0x82, 0x01, 0x00}, make([]byte, 0x100)...),
			want: &TLV{Tag: 0x04, Value: make([]byte, 0x100)}},
		{name: "non-minimal 81 accepted", in: []byte{0x04, 0x81, 0x01, 0xAA}, want: &TLV{Tag: 0x04, Value: []byte{0xAA}}},
		{name: "zero length", in: []byte{0xDF, 0x22, 0x00}, want: &TLV{Tag: 0xDF22, Value: []byte{}}},
		{name: "nested constructed", in: []byte{0xFF, 0x20, 0x06, 0xDF, 0x25, 0x01, '1', 0x30, 0x00},
			want: &TLV{Tag: 0xFF20, Value: []byte{0xDF, 0x25, 0x01, '1', 0x30, 0x00}, Children: []TLV{
				{Tag: 0xDF25, Value: []byte("1")}, {Tag: 0x30, Value: []byte{}}}}},
		{name: "three-byte tag", in: []byte{0x5F, 0x81, 0x01, 0x00}, want: &TLV{Tag: 0x5F8101, Value: []byte{}}},
		{name: "empty input", in: nil, wantErr: ErrTLVTruncated},
		{name: "tag cut after first byte", in: []byte{0xFF}, wantErr: ErrTLVTruncated},
		{name: "tag continuation cut", in: []byte{0x5F, 0x81}, wantErr: ErrTLVTruncated},
		{name: "four-byte tag", in: []byte{0x5F, 0x81, 0x81, 0x01, 0x00}, wantErr: ErrTLVLongTag},
		{name: "tag number starting 80", in: []byte{0x5F, 0x80, 0x01, 0x00}, wantErr: ErrTLVBadTag},
		{name: "no length", in: []byte{0xDF, 0x21}, wantErr: ErrTLVTruncated},
		{name: "indefinite length", in: []byte{0x30, 0x80, 0x00, 0x00}, wantErr: ErrTLVIndefinite},
		{name: "83 length refused", in: []byte{0x04, 0x83, 0x00, 0x00, 0x01, 0xAA}, wantErr: ErrTLVLongLength},
		{name: "84 length refused", in: []byte{0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF}, wantErr: ErrTLVLongLength},
		{name: "FF length refused", in: []byte{0x04, 0xFF}, wantErr: ErrTLVLongLength},
		{name: "81 cut", in: []byte{0x04, 0x81}, wantErr: ErrTLVTruncated},
		{name: "82 cut", in: []byte{0x04, 0x82, 0x01}, wantErr: ErrTLVTruncated},
		{name: "value shorter than length", in: []byte{0xDF, 0x22, 0x05, 'a'}, wantErr: ErrTLVTruncated},
		{name: "82 length past end", in: []byte{0x04, 0x82, 0xFF, 0xFF, 0x00}, wantErr: ErrTLVTruncated},
		{name: "child runs past parent", in: []byte{0xFF, 0x20, 0x03, 0xDF, 0x25, 0x05, 'x'}, wantErr: ErrTLVTruncated},
		{name: "child garbled", in: []byte{0xFF, 0x20, 0x02, 0x04, 0x80}, wantErr: ErrTLVIndefinite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest, err := ParseTree(tt.in)
			if tt.want == nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				var te *TLVError
				if !errors.As(err, &te) || te.Offset < 0 || te.Offset > len(tt.in) {
					t.Errorf("err %v: want a *TLVError with an offset inside the input", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !equalTLV(got, *tt.want) {
				t.Errorf("got %+v, want %+v", got, *tt.want)
			}
			if !bytes.Equal(rest, tt.rest) {
				t.Errorf("rest = % X, want % X", rest, tt.rest)
			}
		})
	}
}

func equalTLV(a, b TLV) bool {
	if a.Tag != b.Tag || !bytes.Equal(a.Value, b.Value) || len(a.Children) != len(b.Children) {
		return false
	}
	for i := range a.Children {
		if !equalTLV(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

// The card marks FF 10 constructed yet fills it with digits: ParseOne
// takes it as it is, ParseTree refuses it.
func TestParseOneTakesConstructedTagWithRawValue(t *testing.T) {
	in := []byte{0xFF, 0x10, 0x02, '1', '2', 0xFF, 0xFF}
	v, rest, err := ParseOne(in)
	if err != nil || v.Tag != 0xFF10 || string(v.Value) != "12" || !bytes.Equal(rest, []byte{0xFF, 0xFF}) {
		t.Fatalf("ParseOne = %+v, % X, %v", v, rest, err)
	}
	if _, _, err := ParseTree(in); err == nil {
		t.Fatal("ParseTree accepted digits as TLV children")
	}
}

func TestParseTreeDepthBounded(t *testing.T) {
	// 40 nested empty-ish constructed elements: 30 02 30 02 ... would need
	// growing lengths, so build from the inside out.
	in := []byte{}
	for range 40 {
		in = append([]byte{0x30, byte(len(in))}, in...)
	}
	if _, _, err := ParseTree(in); !errors.Is(err, ErrTLVTooDeep) {
		t.Fatalf("err = %v, want ErrTLVTooDeep", err)
	}
	// ParseOne does not descend, so depth does not matter to it.
	if _, _, err := ParseOne(in); err != nil {
		t.Fatalf("ParseOne: %v", err)
	}
}

func TestParseAllUsesEveryByte(t *testing.T) {
	got, err := ParseAll([]byte{0x82, 0x01, 0x03, 0x81, 0x02, 0xAB, 0xCD})
	if err != nil || len(got) != 2 || got[0].Tag != 0x82 || got[1].Tag != 0x81 {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ParseAll([]byte{0x82, 0x01, 0x03, 0x81}); !errors.Is(err, ErrTLVTruncated) {
		t.Fatalf("trailing half element: err = %v", err)
	}
}

func TestParseHeader(t *testing.T) {
	h, err := ParseHeader([]byte{0x7F, 0x21, 0x82, 0x02, 0x34})
	if err != nil || h.Tag != 0x7F21 || h.Len != 0x234 || h.HdrLen != 5 || h.Total() != 0x239 {
		t.Fatalf("got %+v, %v", h, err)
	}
	if !h.Tag.Constructed() || Tag(0xDF21).Constructed() || !Tag(0xFF10).Constructed() || Tag(0x04).Constructed() {
		t.Error("Constructed: wrong bit")
	}
}

func TestIsPadding(t *testing.T) {
	if !isPadding(nil) || !isPadding([]byte{0xFF, 0x00, 0xFF}) || isPadding([]byte{0xFF, 0x01}) {
		t.Error("isPadding wrong")
	}
}

// FuzzTLV: whatever the bytes, the parser returns an element whose value
// lies inside the input, or an error; it never panics.
func FuzzTLV(f *testing.F) {
	f.Add([]byte{0xFF, 0x10, 0x0C, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '8', 0xFF, 0xFF})
	f.Add([]byte{0xFF, 0x20, 0x06, 0xDF, 0x25, 0x01, '1', 0x30, 0x00})
	f.Add([]byte{0x04, 0x82, 0xFF, 0xFF})
	f.Add([]byte{0x30, 0x80, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, rest, err := ParseTree(b)
		if err != nil {
			return
		}
		if len(rest) > len(b) || len(v.Value) > len(b) {
			t.Fatalf("value of %d and rest of %d bytes from %d", len(v.Value), len(rest), len(b))
		}
		flat, rest2, err := ParseOne(b)
		if err != nil || !bytes.Equal(flat.Value, v.Value) || len(rest2) != len(rest) {
			t.Fatalf("ParseOne disagrees with ParseTree: %v", err)
		}
		h, err := ParseHeader(b)
		if err != nil || h.Total() != len(b)-len(rest) {
			t.Fatalf("header %+v disagrees with element size %d", h, len(b)-len(rest))
		}
	})
}
