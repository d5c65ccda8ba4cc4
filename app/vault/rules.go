package vault

// The vault's cryptographic parameters, in one place, with their sources.
// Changing a number here changes only what NEW keys and wraps use: every
// sealed value and every wrap records what it was made with.

// Sealed values (format 0x01): AES-256-GCM with a random 96-bit nonce, the
// nonce size NIST SP 800-38D §8.2.2 recommends for random nonces. With random
// nonces one key should seal at most 2^32 values (SP 800-38D §8.3); a counter
// desk seals a few thousand a day, and Rotate starts a new key long before.
const (
	dataKeyLen = 32 // AES-256
	nonceLen   = 12 // 96 bits
	tagLen     = 16 // GCM's full 128-bit tag
	keyIDLen   = 4  // uint32, big-endian, after the format byte
)

// Argon2id for the key-encryption key derived from the administrator's
// passphrase: RFC 9106 §4, "second recommended option" (64 MiB, 3 passes,
// 4 lanes). It runs once per start of the program (0.4 to 1.1 s on the
// 2-core build machine), so it can cost far more than a sign-in hash
// (app/auth uses the OWASP minimum of 19 MiB because staff sign in often).
const (
	kdfMemory  = 64 * 1024 // KiB
	kdfTime    = 3
	kdfThreads = 4
	kdfSaltLen = 16 // RFC 9106 §3.1: 128 bits suffice
)

// Bounds on parameters read back from a wrap row: a damaged or tampered row
// must not make unlocking allocate gigabytes or run for minutes.
const (
	maxKDFMemory  = 1024 * 1024 // KiB (1 GiB)
	maxKDFTime    = 100
	minKDFSaltLen = 8
)

// PassphraseMin is the shortest administrator passphrase accepted. It
// guards every sealed value, so it is at least as long as a staff password
// (app/auth's PasswordMin, NIST SP 800-63B §3.1.1.2 allows a longer minimum).
const PassphraseMin = 12
