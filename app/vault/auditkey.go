package vault

import (
	"crypto/hkdf"
	"crypto/sha256"
)

// # Audit chain key
//
// The audit trail (app/audit) keys its chain: every entry carries
// HMAC-SHA-256 under a key derived from the data key with HKDF under its own
// label, so that whoever holds the database file but not the data key cannot
// write entries that verify. Like the blind key, it is never the data key
// itself.
//
// A rotation erases the old data key, and with it the old audit key: the
// audit package's Resealer re-MACs the log in the rotation's transaction
// (Rekey.AuditKeys gives it both keys). That costs a pass over the log, but
// rotation is a rare administrator's action, and the alternative (an audit
// key that survives rotation, sealed under the data key) would let someone
// who once had a retired data key forge the chain for ever after.

// auditLabel is the HKDF info of the audit chain's key. Changing it makes
// every keyed entry fail its MAC.
const auditLabel = "madoguchi audit chain v1"

func deriveAuditKey(dataKey []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, dataKey, nil, auditLabel, 32)
}

// AuditKey returns the audit chain's key under the current data key. It is
// nil, with no error, when there is no data key to derive it from: a plain
// vault (tests of other packages) or one not yet set up, whose log stays a
// plain hash chain. A locked vault returns ErrLocked: the key exists but is
// out of reach.
func (v *Vault) AuditKey() ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	switch v.state {
	case StatePlain, StateNeedsSetup:
		return nil, nil
	case StateUnlocked:
		return v.key.audit, nil
	default:
		return nil, fail("vault.error.locked", ErrLocked, "audit key")
	}
}

// AuditKeys returns the audit keys of the old data key (nil at Setup: there
// was none) and of the new one, so that a Resealer can check each entry
// under the old key and re-MAC it under the new.
func (rk *Rekey) AuditKeys() (from, to []byte) {
	if rk.from != nil {
		from = rk.from.audit
	}
	return from, rk.to.audit
}
