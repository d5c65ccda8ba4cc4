package backup

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A format 2 backup seals the database in chunks, so that neither writing
// nor reading it holds more than one chunk in memory (format 1 sealed the
// whole database as one AES-GCM message, read and written whole: several
// GB at a million applications). It is the STREAM construction (Hoang,
// Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its
// Nonce-Reuse Misuse-Resistance", 2015) as age uses it: each chunk of
// chunkSize bytes is sealed with the nonce counter ‖ last, an 11-byte
// big-endian chunk number and a byte that is 1 on the last chunk only, and
// the file's header as additional data. A chunk moved, repeated, dropped or
// changed fails to open, and so does a file cut short, even at a chunk
// boundary, because its last chunk was not sealed as the last. The key is
// derived from the passphrase with a random salt for each file, so a nonce
// never repeats under one key.
const (
	chunkSize = 64 << 10
	tagSize   = 16
	nonceSize = 12
)

// errWrongKey: the first chunk does not open, so the passphrase is wrong
// (or the file damaged from its start: GCM cannot tell them apart).
var errWrongKey = errors.New("backup: the first chunk does not open")

// errDamaged: a later chunk does not open, or the file ends before its
// last chunk: the passphrase was right, the file is damaged or cut short.
var errDamaged = errors.New("backup: the file is damaged or cut short")

// chunkNonce is the nonce of chunk counter.
func chunkNonce(counter uint64, last bool) []byte {
	n := make([]byte, nonceSize)
	binary.BigEndian.PutUint64(n[3:11], counter)
	if last {
		n[11] = 1
	}
	return n
}

// sealWriter seals what is written to it, chunk by chunk, onto dst. Close
// seals the last chunk: until then a full chunk is held back, since only
// the next Write or Close tells whether it is the last.
type sealWriter struct {
	dst     io.Writer
	aead    cipher.AEAD
	header  []byte
	counter uint64
	buf     []byte
	out     []byte
}

func newSealWriter(dst io.Writer, aead cipher.AEAD, header []byte) *sealWriter {
	return &sealWriter{dst: dst, aead: aead, header: header,
		buf: make([]byte, 0, chunkSize), out: make([]byte, 0, chunkSize+tagSize)}
}

func (w *sealWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if len(w.buf) == chunkSize {
			if err := w.flush(false); err != nil {
				return n, err
			}
		}
		k := copy(w.buf[len(w.buf):chunkSize], p)
		w.buf = w.buf[:len(w.buf)+k]
		p = p[k:]
		n += k
	}
	return n, nil
}

// Close seals the last chunk (empty only if nothing was written). It does
// not close dst.
func (w *sealWriter) Close() error {
	return w.flush(true)
}

func (w *sealWriter) flush(last bool) error {
	w.out = w.aead.Seal(w.out[:0], chunkNonce(w.counter, last), w.buf, w.header)
	clear(w.buf)
	w.buf = w.buf[:0]
	w.counter++
	if _, err := w.dst.Write(w.out); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	return nil
}

// openReader opens what a sealWriter wrote, chunk by chunk. Nothing of a
// chunk is returned before the whole chunk has opened, so what it gives was
// sealed with this key, in this place; io.EOF comes only after the chunk
// sealed as the last.
type openReader struct {
	src     *bufio.Reader
	aead    cipher.AEAD
	header  []byte
	counter uint64
	sealed  []byte
	plain   []byte
	pos     int
	last    bool
	err     error
}

func newOpenReader(src io.Reader, aead cipher.AEAD, header []byte) *openReader {
	return &openReader{src: bufio.NewReader(src), aead: aead, header: header,
		sealed: make([]byte, chunkSize+tagSize), plain: make([]byte, 0, chunkSize)}
}

func (r *openReader) Read(p []byte) (int, error) {
	for r.pos == len(r.plain) {
		if r.last {
			return 0, io.EOF
		}
		if r.err != nil {
			return 0, r.err
		}
		if r.err = r.next(); r.err != nil {
			return 0, r.err
		}
	}
	n := copy(p, r.plain[r.pos:])
	r.pos += n
	return n, nil
}

// next reads and opens the next chunk. A chunk shorter than a full one, or
// a full one that the file ends after, must be the last.
func (r *openReader) next() error {
	n, err := io.ReadFull(r.src, r.sealed)
	last := false
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		last = true
	case err != nil:
		return fmt.Errorf("backup: read: %w", err)
	default:
		if _, err := r.src.Peek(1); errors.Is(err, io.EOF) {
			last = true
		} else if err != nil {
			return fmt.Errorf("backup: read: %w", err)
		}
	}
	plain, err := r.aead.Open(r.plain[:0], chunkNonce(r.counter, last), r.sealed[:n], r.header)
	if err != nil {
		if r.counter == 0 && !r.cutAfterFirst(n, last) {
			return errWrongKey
		}
		return errDamaged
	}
	r.plain, r.pos, r.last = plain, 0, last
	r.counter++
	return nil
}

// cutAfterFirst tells whether the first chunk, which did not open as the
// last, opens as one that is not: then the passphrase is right and the
// file was cut after it, which the operator should hear as such.
func (r *openReader) cutAfterFirst(n int, last bool) bool {
	if !last {
		return false
	}
	_, err := r.aead.Open(r.plain[:0], chunkNonce(0, false), r.sealed[:n], r.header)
	return err == nil
}
