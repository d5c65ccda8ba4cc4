package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
)

// row is an entry as stored: what the chain hash covers.
type row struct {
	seq          int64
	at           string
	userID       int64
	role         string
	action       string
	recordType   string
	recordID     int64
	reason       []byte // sealed; not covered (its digest is)
	reasonDigest []byte
	prevHash     []byte
	hash         []byte
}

// link is what the next entry must point to: an entry's seq and hash.
type link struct {
	seq  int64
	hash []byte
}

// genesis is what the first entry points to.
func genesis() link { return link{seq: 0, hash: make([]byte, hashLen)} }

// chainHash is SHA-256 over the canonical encoding described in the
// package comment.
func (r *row) chainHash() []byte {
	sum, _ := r.sum(nil)
	return sum[:]
}

// sum is chainHash without allocating once buf has grown: buf is scratch
// space for the encoding, returned for the next call. This is the one place
// the chain's hash is computed.
func (r *row) sum(buf []byte) ([hashLen]byte, []byte) {
	buf = r.encode(buf[:0])
	return sha256.Sum256(buf), buf
}

// encode appends the canonical encoding of r. Every variable-length field
// carries its length, so no two different rows encode to the same bytes.
func (r *row) encode(buf []byte) []byte {
	buf = append(buf, chainTag...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.seq))
	buf = appendField(buf, r.at)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.userID))
	buf = appendField(buf, r.role)
	buf = appendField(buf, r.action)
	buf = appendField(buf, r.recordType)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.recordID))
	buf = appendField(buf, r.reasonDigest)
	return appendField(buf, r.prevHash)
}

func appendField[T string | []byte](buf []byte, field T) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(field)))
	return append(buf, field...)
}

// chains reports whether r is intact (its content still gives its hash)
// and points to prev. buf is scratch space, as for sum.
func (r *row) chains(prev link, buf []byte) (bool, []byte) {
	sum, buf := r.sum(buf)
	return bytes.Equal(sum[:], r.hash) && bytes.Equal(r.prevHash, prev.hash), buf
}
