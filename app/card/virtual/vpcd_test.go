package virtual

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// fakeVPCD plays vpcd's side of the protocol: it listens, and the card connects to it.
type fakeVPCD struct {
	t    *testing.T
	ln   net.Listener
	conn net.Conn
}

func newFakeVPCD(t *testing.T) *fakeVPCD {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return &fakeVPCD{t: t, ln: ln}
}

func (v *fakeVPCD) addr() string { return v.ln.Addr().String() }

// accept waits for the card to connect.
func (v *fakeVPCD) accept() {
	v.t.Helper()
	v.ln.(*net.TCPListener).SetDeadline(time.Now().Add(5 * time.Second))
	conn, err := v.ln.Accept()
	if err != nil {
		v.t.Fatalf("card did not connect: %v", err)
	}
	v.t.Cleanup(func() { conn.Close() })
	v.conn = conn
}

// write sends one message as Debian's vpcd does: the length and the payload in two writes.
func (v *fakeVPCD) write(payload []byte) {
	v.t.Helper()
	var hdr [2]byte
	binary.BigEndian.PutUint16(hdr[:], uint16(len(payload)))
	if _, err := v.conn.Write(hdr[:]); err != nil {
		v.t.Fatal(err)
	}
	if _, err := v.conn.Write(payload); err != nil {
		v.t.Fatal(err)
	}
}

// read returns the card's next message, or the error that ended the connection.
func (v *fakeVPCD) read() ([]byte, error) {
	v.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hdr [2]byte
	if _, err := io.ReadFull(v.conn, hdr[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, binary.BigEndian.Uint16(hdr[:]))
	_, err := io.ReadFull(v.conn, msg)
	return msg, err
}

// exchange sends a payload and returns the card's reply.
func (v *fakeVPCD) exchange(payload []byte) []byte {
	v.t.Helper()
	v.write(payload)
	msg, err := v.read()
	if err != nil {
		v.t.Fatalf("reply to % X: %v", payload, err)
	}
	return msg
}

// expectClosed checks that the card closed the connection.
func (v *fakeVPCD) expectClosed() {
	v.t.Helper()
	if msg, err := v.read(); !errors.Is(err, io.EOF) {
		v.t.Fatalf("connection still open: % X, %v", msg, err)
	}
}

func TestServeSpeaksVPCD(t *testing.T) {
	c := newTestCard(t, nil)
	v := newFakeVPCD(t)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- c.Serve(ctx, v.addr()) }()
	v.accept()

	if got := v.exchange([]byte{ctrlATR}); !bytes.Equal(got, atr) {
		t.Errorf("ATR % X, want % X", got, atr)
	}
	v.write([]byte{ctrlPowerOn}) // no reply: the next reply must be the APDU's
	if got := v.exchange(apdu(selCardInfo)); !bytes.Equal(got, []byte{0x90, 0x00}) {
		t.Fatalf("SELECT: % X", got)
	}
	v.exchange(apdu(selEF("00 11")))
	if got := v.exchange(apdu(verifyPIN("1234"))); !bytes.Equal(got, []byte{0x90, 0x00}) {
		t.Fatalf("VERIFY: % X", got)
	}
	v.exchange(apdu(selEF("00 01")))
	if got := v.exchange(apdu(readBinary(0, 17))); len(got) != 19 || !bytes.HasSuffix(got, []byte{0x90, 0x00}) {
		t.Fatalf("READ BINARY: % X", got)
	}

	v.write([]byte{ctrlReset})
	v.write([]byte{0x7E}) // unknown control messages are ignored
	v.write(nil)          // as are empty ones
	v.exchange(apdu(selCardInfo))
	v.exchange(apdu(selEF("00 01")))
	if got := v.exchange(apdu(readBinary(0, 17))); !bytes.Equal(got, []byte{0x69, 0x82}) {
		t.Errorf("after reset, READ BINARY: % X, want 69 82", got)
	}
	v.write([]byte{ctrlPowerOff})
	if got := v.exchange([]byte{ctrlATR}); !bytes.Equal(got, atr) {
		t.Errorf("ATR after power off % X", got)
	}

	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
	v.expectClosed()
	if c.Inserted() {
		t.Error("card still inserted")
	}
}

func TestRemoveAndInsertAgain(t *testing.T) {
	c := newTestCard(t, nil)
	v := newFakeVPCD(t)
	if err := c.Insert(v.addr()); err != nil {
		t.Fatal(err)
	}
	v.accept()
	if !c.Inserted() {
		t.Fatal("not inserted")
	}
	if err := c.Insert(v.addr()); !errors.Is(err, ErrInserted) {
		t.Errorf("second Insert: %v, want ErrInserted", err)
	}
	v.exchange(apdu(selCardInfo))
	v.exchange(apdu(selEF("00 11")))
	v.exchange(apdu(verifyPIN("1234")))
	c.Remove()
	v.expectClosed()
	if c.Inserted() {
		t.Error("still inserted after Remove")
	}
	c.Remove() // a card out of the reader stays out

	if err := c.Insert(v.addr()); err != nil {
		t.Fatal(err)
	}
	v.accept()
	v.exchange(apdu(selCardInfo))
	v.exchange(apdu(selEF("00 01")))
	if got := v.exchange(apdu(readBinary(0, 17))); !bytes.Equal(got, []byte{0x69, 0x82}) {
		t.Errorf("re-inserted card kept its verification: % X", got)
	}
	c.Remove()
}

func TestFaultPullsTheCardOnce(t *testing.T) {
	c := newTestCard(t, func(p *Persona) { p.Faults.RemoveAfterAPDUs = 2 })
	v := newFakeVPCD(t)
	served := make(chan error, 1)
	go func() { served <- c.Serve(context.Background(), v.addr()) }()
	v.accept()
	v.exchange([]byte{ctrlATR}) // control messages do not count
	v.exchange(apdu(selJPKI))
	v.exchange(apdu(selEF("00 06")))
	v.write(apdu(readBinary(0, 0x20)))
	v.expectClosed()
	if err := <-served; !errors.Is(err, ErrPulled) {
		t.Fatalf("Serve: %v, want ErrPulled", err)
	}

	go func() { served <- c.Serve(context.Background(), v.addr()) }()
	v.accept()
	for range 5 {
		if got := v.exchange(apdu(selJPKI)); !bytes.Equal(got, []byte{0x90, 0x00}) {
			t.Fatalf("after re-insertion: % X", got)
		}
	}
	c.Remove()
	if err := <-served; err != nil {
		t.Errorf("Serve after Remove: %v", err)
	}
}

func TestServeReportsVPCDGoingAway(t *testing.T) {
	c := newTestCard(t, nil)
	v := newFakeVPCD(t)
	served := make(chan error, 1)
	go func() { served <- c.Serve(context.Background(), v.addr()) }()
	v.accept()
	v.exchange([]byte{ctrlATR})
	v.conn.Close()
	err := <-served
	if err == nil || errors.Is(err, ErrPulled) {
		t.Fatalf("Serve: %v, want an error saying vpcd closed", err)
	}
}

func TestServeWithoutVPCD(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := newTestCard(t, nil)
	if err := c.Serve(context.Background(), addr); !errors.Is(err, ErrNoReader) {
		t.Errorf("Serve: %v, want ErrNoReader", err)
	}
	if err := c.Insert(addr); !errors.Is(err, ErrNoReader) {
		t.Errorf("Insert: %v, want ErrNoReader", err)
	}
}
