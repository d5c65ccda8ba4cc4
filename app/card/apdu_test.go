package card

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestCommandBytes(t *testing.T) {
	mustRead := func(off, n int, ext bool) []byte {
		b, err := ReadBinary(off, n, ext)
		if err != nil {
			t.Fatalf("ReadBinary(%d, %d, %v): %v", off, n, ext, err)
		}
		return b
	}
	tests := []struct {
		name string
		got  []byte
		want []byte
	}{
		{"select JPKI", SelectAID(aidJPKI), []byte{0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}},
		{"select EF", SelectEF(0x0018), []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18}},
		{"read short", mustRead(0x0102, 0x20, false), []byte{0x00, 0xB0, 0x01, 0x02, 0x20}},
		{"read short 256", mustRead(0, 256, false), []byte{0x00, 0xB0, 0x00, 0x00, 0x00}},
		{"read extended", mustRead(5, 0x0234, true), []byte{0x00, 0xB0, 0x00, 0x05, 0x00, 0x02, 0x34}},
		{"read extended 65536", mustRead(0, 65536, true), []byte{0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00}},
		{"verify empty", Verify(nil), []byte{0x00, 0x20, 0x00, 0x80}},
		{"verify", Verify([]byte("1234")), []byte{0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4'}},
	}
	for _, tt := range tests {
		if !bytes.Equal(tt.got, tt.want) {
			t.Errorf("%s: % X, want % X", tt.name, tt.got, tt.want)
		}
	}
}

func TestReadBinaryRefusesWhatCannotBeSaid(t *testing.T) {
	for _, c := range []struct {
		off, n int
		ext    bool
	}{
		{0, 0, false}, {0, 257, false}, {0, 65537, true}, {0x8000, 1, false}, {-1, 1, false},
	} {
		if _, err := ReadBinary(c.off, c.n, c.ext); err == nil {
			t.Errorf("ReadBinary(%d, %d, %v) accepted", c.off, c.n, c.ext)
		}
	}
}

func TestStatusWords(t *testing.T) {
	tests := []struct {
		sw    uint16
		kind  error
		tries int // -1: not a tries status
	}{
		{0x6A82, ErrFileNotFound, -1},
		{0x6982, ErrSecurityStatus, -1},
		{0x63C2, ErrWrongPIN, 2},
		{0x63C0, ErrWrongPIN, 0},
		{0x6984, ErrPINBlocked, -1},
		{0x6983, ErrPINBlocked, -1},
		{0x6700, ErrWrongLength, -1},
		{0x6B00, ErrPastEnd, -1},
		{0x6F00, ErrUnexpectedStatus, -1},
		{0x6D00, ErrUnexpectedStatus, -1},
		{0x6300, ErrUnexpectedStatus, -1},
	}
	for _, tt := range tests {
		err := error(&StatusError{SW: tt.sw})
		if !errors.Is(err, tt.kind) {
			t.Errorf("%04X: %v is not %v", tt.sw, err, tt.kind)
		}
		n, ok := err.(*StatusError).TriesLeft()
		if (tt.tries >= 0) != ok || (ok && n != tt.tries) {
			t.Errorf("%04X: TriesLeft = %d, %v; want %d", tt.sw, n, ok, tt.tries)
		}
	}
}

// script is a fake card answering APDUs from a list, and logging them.
type script struct {
	answers [][]byte
	sent    [][]byte
}

func (s *script) Transmit(_ context.Context, apdu []byte) ([]byte, error) {
	s.sent = append(s.sent, bytes.Clone(apdu))
	if len(s.answers) == 0 {
		return []byte{0x6F, 0x00}, nil
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}

func TestExchangeFollowsGetResponseAndWrongLe(t *testing.T) {
	s := &script{answers: [][]byte{
		{0x6C, 0x03},             // wrong Le: resend with 03
		{0xAA, 0x61, 0x02},       // one byte, two more waiting
		{0xBB, 0xCC, 0x90, 0x00}, // the rest
	}}
	c := NewCounter(s)
	data, sw, err := exchange(context.Background(), c, []byte{0x00, 0xB0, 0x00, 0x00, 0x10})
	if err != nil || sw != swOK || !bytes.Equal(data, []byte{0xAA, 0xBB, 0xCC}) {
		t.Fatalf("got % X %04X %v", data, sw, err)
	}
	want := [][]byte{{0x00, 0xB0, 0x00, 0x00, 0x10}, {0x00, 0xB0, 0x00, 0x00, 0x03}, {0x00, 0xC0, 0x00, 0x00, 0x02}}
	for i := range want {
		if i >= len(s.sent) || !bytes.Equal(s.sent[i], want[i]) {
			t.Fatalf("sent % X, want % X", s.sent, want)
		}
	}
	if c.Count() != 3 {
		t.Errorf("counted %d APDUs, want 3", c.Count())
	}
}

func TestExchangeBoundsGetResponse(t *testing.T) {
	endless := TransportFunc(func(context.Context, []byte) ([]byte, error) { return []byte{0x61, 0x01}, nil })
	if _, _, err := exchange(context.Background(), endless, Verify(nil)); !errors.Is(err, ErrBadAnswer) {
		t.Fatalf("err = %v, want ErrBadAnswer", err)
	}
}

func TestExchangeRefusesAnswerWithoutStatusWord(t *testing.T) {
	one := TransportFunc(func(context.Context, []byte) ([]byte, error) { return []byte{0x90}, nil })
	if _, _, err := exchange(context.Background(), one, Verify(nil)); !errors.Is(err, ErrBadAnswer) {
		t.Fatalf("err = %v, want ErrBadAnswer", err)
	}
}

func TestExchangeStopsWhenCancelled(t *testing.T) {
	s := &script{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := exchange(ctx, s, Verify(nil)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if len(s.sent) != 0 {
		t.Errorf("sent %d APDUs after cancellation", len(s.sent))
	}
}
