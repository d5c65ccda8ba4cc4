package audit

import (
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
}

// chainHash is SHA-256 over the canonical encoding described in the
// package comment. Every variable-length field carries its length, so no
// two different rows encode to the same bytes.
func (r *row) chainHash() []byte {
	h := sha256.New()
	h.Write([]byte(chainTag))
	putInt(h, r.seq)
	putBytes(h, []byte(r.at))
	putInt(h, r.userID)
	putBytes(h, []byte(r.role))
	putBytes(h, []byte(r.action))
	putBytes(h, []byte(r.recordType))
	putInt(h, r.recordID)
	putBytes(h, r.reasonDigest)
	putBytes(h, r.prevHash)
	return h.Sum(nil)
}

func putInt(h hash.Hash, n int64) {
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(n)))
}

func putBytes(h hash.Hash, b []byte) {
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(b))))
	h.Write(b)
}
