package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
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
	mac          []byte // nil for a plain entry (written before keying)
}

// link is what the next entry must point to: an entry's seq and hash, and
// whether it was keyed (then the next one must be keyed too).
type link struct {
	seq   int64
	hash  []byte
	keyed bool
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

// chains reports whether r is intact (its content still gives its hash),
// points to prev and is keyed as it must be (keyOK). buf is scratch space,
// as for sum.
func (r *row) chains(prev link, buf []byte, m *macer) (bool, []byte) {
	sum, buf := r.sum(buf)
	return bytes.Equal(sum[:], r.hash) && bytes.Equal(r.prevHash, prev.hash) && r.keyOK(prev, m), buf
}

// keyOK reports whether r's MAC is the one its key gives (not checked
// when m is nil: a check without the key), and whether r, if plain, follows
// a plain entry: a keyed chain never turns back into a plain one, or
// stripping every MAC and recomputing the hashes would pass.
func (r *row) keyOK(prev link, m *macer) bool {
	if r.mac == nil {
		return !prev.keyed
	}
	return m == nil || hmac.Equal(m.of(r.seq, r.hash), r.mac)
}

// # The key
//
// The SHA-256 chain has no key: whoever can write the file can recompute it.
// So each entry written since keying also carries
//
//	mac = HMAC-SHA-256(audit key, "madoguchi audit mac v1\x00" || seq || hash)
//
// seq as 8 bytes big-endian. hash already covers the entry and, through
// prev_hash, every entry before it; the MAC makes it unforgeable without
// the audit key (vault.AuditKey: HKDF of the data key). MACing the hash
// rather than the encoding keeps the cost to HMAC's two or three extra
// SHA-256 blocks an entry, and lets a rotation re-MAC without re-encoding.
const macTag = "madoguchi audit mac v1\x00"

// macer computes MACs under one key. Not safe for concurrent use: one per
// goroutine. A nil *macer means no key.
type macer struct {
	h   hash.Hash
	buf []byte
	sum []byte
}

func newMacer(key []byte) *macer {
	if key == nil {
		return nil
	}
	return &macer{h: hmac.New(sha256.New, key), sum: make([]byte, 0, sha256.Size)}
}

// of is the MAC of the entry seq with hash. The result is reused by the
// next call: clone it to keep it.
func (m *macer) of(seq int64, hash []byte) []byte {
	m.buf = append(binary.BigEndian.AppendUint64(append(m.buf[:0], macTag...), uint64(seq)), hash...)
	m.h.Reset()
	m.h.Write(m.buf)
	m.sum = m.h.Sum(m.sum[:0])
	return m.sum
}
