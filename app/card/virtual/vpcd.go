package virtual

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

// DefaultAddr is where vpcd listens for the card of its first reader ("Virtual PCD 00 00"); the second reader
// ("Virtual PCD 00 01") listens on the next port.
const DefaultAddr = "127.0.0.1:35963"

// ReaderAddr returns vpcd's address for reader slot 0 or 1 on this machine.
func ReaderAddr(slot int) string {
	return fmt.Sprintf("127.0.0.1:%d", 35963+slot)
}

// vpcd control messages: a payload of one byte.
const (
	ctrlPowerOff = 0x00
	ctrlPowerOn  = 0x01
	ctrlReset    = 0x02
	ctrlATR      = 0x04
)

// ErrPulled is returned by Serve when the removeAfterAPDUs fault dropped the connection.
var ErrPulled = errors.New("card pulled by the removeAfterAPDUs fault")

// ErrNoReader is returned by Serve and Insert when vpcd does not accept the connection: pcscd is not running, or
// runs without vsmartcard-vpcd.
var ErrNoReader = errors.New("no vpcd reader")

// ErrInserted is returned when the card is already in a reader.
var ErrInserted = errors.New("card already inserted")

// session is the card's one vpcd connection.
type session struct {
	mu         sync.Mutex
	conn       net.Conn      // nil when not inserted
	done       chan struct{} // closed when the connection's serving loop has returned
	fired      bool          // the removeAfterAPDUs fault has fired
	noQuickAck bool          // tests measure the stall TCP_QUICKACK avoids
}

// Serve puts the card in the reader: it connects to vpcd at addr (a TCP client, as vpcd expects) and answers
// until ctx is cancelled, Remove is called, vpcd closes the connection or a removeAfterAPDUs fault fires. Returning
// closes the connection, which vpcd reports as the card taken out. Cancelling ctx or Remove returns nil.
func (c *Card) Serve(ctx context.Context, addr string) error {
	conn, done, err := c.connect(ctx, addr)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	return c.serveConn(conn, done)
}

// Insert puts the card in the reader at addr and serves it in the background until Remove. It returns once vpcd
// has accepted the connection; PC/SC notices the card on its next poll (~0.4 s).
func (c *Card) Insert(addr string) error {
	conn, done, err := c.connect(context.Background(), addr)
	if err != nil {
		return err
	}
	// Why the card left the reader goes to its log; a caller who needs it as an error uses Serve.
	go func() { _ = c.serveConn(conn, done) }()
	return nil
}

// Remove takes the card out of the reader and waits until it has stopped answering. Removing a card that is not
// inserted does nothing.
func (c *Card) Remove() {
	c.sess.mu.Lock()
	conn, done := c.sess.conn, c.sess.done
	c.sess.mu.Unlock()
	if conn == nil {
		return
	}
	conn.Close()
	<-done
}

// Inserted says whether the card is in a reader.
func (c *Card) Inserted() bool {
	c.sess.mu.Lock()
	defer c.sess.mu.Unlock()
	return c.sess.conn != nil
}

func (c *Card) connect(ctx context.Context, addr string) (net.Conn, chan struct{}, error) {
	c.sess.mu.Lock()
	defer c.sess.mu.Unlock()
	if c.sess.conn != nil {
		return nil, nil, ErrInserted
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("%w at %s (is pcscd running with vsmartcard-vpcd?): %w", ErrNoReader, addr, err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// Answers go out in one write; Nagle would only hold them back.
		_ = tc.SetNoDelay(true)
	}
	c.sess.conn, c.sess.done = conn, make(chan struct{})
	c.mu.Lock()
	c.powerCycle()
	c.logf("inserted at %s", addr)
	c.mu.Unlock()
	return conn, c.sess.done, nil
}

// serveConn answers vpcd until the connection ends, then marks the card removed and logs why.
func (c *Card) serveConn(conn net.Conn, done chan struct{}) (err error) {
	defer func() {
		conn.Close()
		c.sess.mu.Lock()
		c.sess.conn = nil
		c.sess.mu.Unlock()
		c.mu.Lock()
		c.powerCycle()
		if err != nil {
			c.logf("removed: %v", err)
		} else {
			c.logf("removed")
		}
		c.mu.Unlock()
		close(done)
	}()
	err = c.answer(conn)
	if errors.Is(err, net.ErrClosed) {
		err = nil // Remove or a cancelled context
	}
	return err
}

// answer runs the vpcd protocol: each message is a 2-byte big-endian length and a payload. A 1-byte payload is a
// control message (power off, power on, reset: no reply; get ATR: reply the ATR); anything else is a command APDU,
// answered with the response APDU.
func (c *Card) answer(conn net.Conn) error {
	c.sess.mu.Lock()
	quickAck := !c.sess.noQuickAck
	c.sess.mu.Unlock()
	read := func(buf []byte) error {
		if quickAck {
			// vpcd writes the length and the payload separately; without an immediate ACK of the first,
			// Nagle on its side holds the second until our delayed ACK (~40 ms) fires.
			setQuickAck(conn)
		}
		_, err := io.ReadFull(conn, buf)
		return err
	}
	var header [2]byte
	apdus := 0
	for {
		if err := read(header[:]); err != nil {
			return readErr(err)
		}
		payload := make([]byte, binary.BigEndian.Uint16(header[:]))
		if err := read(payload); err != nil {
			return readErr(err)
		}
		var reply []byte
		switch {
		case len(payload) == 0:
			continue
		case len(payload) == 1:
			reply = c.controlMessage(payload[0])
			if reply == nil {
				continue
			}
		default:
			apdus++
			if c.pullNow(apdus) {
				return fmt.Errorf("APDU %d arrived: %w", apdus, ErrPulled)
			}
			reply = c.Transmit(payload)
		}
		msg := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(reply)), uint16(len(reply)))
		if _, err := conn.Write(append(msg, reply...)); err != nil {
			return readErr(err)
		}
	}
}

// pullNow says whether the removeAfterAPDUs fault fires on APDU number n of this connection; it fires once per card.
func (c *Card) pullNow(n int) bool {
	c.sess.mu.Lock()
	defer c.sess.mu.Unlock()
	if c.faults.removeAfterAPDUs == 0 || c.sess.fired || n <= c.faults.removeAfterAPDUs {
		return false
	}
	c.sess.fired = true
	return true
}

func (c *Card) controlMessage(b byte) []byte {
	switch b {
	case ctrlPowerOff:
		c.control("power off")
	case ctrlPowerOn:
		c.control("power on")
	case ctrlReset:
		c.control("reset")
	case ctrlATR:
		return c.ATR()
	default:
		c.mu.Lock()
		c.logf("unknown vpcd control message %02X ignored", b)
		c.mu.Unlock()
	}
	return nil
}

func readErr(err error) error {
	switch {
	case errors.Is(err, net.ErrClosed):
		return err
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("vpcd closed the connection (pcscd stopped?): %w", err)
	}
	return fmt.Errorf("vpcd connection: %w", err)
}
