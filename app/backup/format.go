package backup

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/crypto/argon2"
)

// The magic line starts every backup file and names its format, so that a
// wrong file is recognised before any decryption is tried, and a backup
// written by an earlier version is still read.
//
//	format 1: magicV1, salt (16), nonce (12), the whole database sealed as
//	          one AES-256-GCM message, the header its additional data. Read
//	          only: it must be read whole into memory.
//	format 2: magicV2, salt (16), then the database in sealed chunks
//	          (stream.go). Written since.
var (
	magicV1 = []byte("MADOGUCHI-BACKUP-1\n")
	magicV2 = []byte("MADOGUCHI-BACKUP-2\n")
)

// MaxSize is the largest database a backup may hold: 64 GiB, more than ten
// times a database of a million applications. Reading stops there, so a
// file that is not a backup (restore /dev/zero, found reading without end
// by the outside security test) or is not the backup it should be cannot
// fill the disk.
const MaxSize = 64 << 30

// MaxSizeV1 is the largest format 1 file read: it is read whole into
// memory, as the version that wrote it did, so it is refused before
// reading when it is larger.
const MaxSizeV1 = 4 << 30

// maxSize is MaxSize; tests lower it.
var maxSize int64 = MaxSize

// Key derivation for the backup passphrase: Argon2id, RFC 9106's second
// recommended setting (64 MiB, 3 passes), 4 lanes.
const (
	kdfTime    = 3
	kdfMemory  = 64 * 1024
	kdfThreads = 4
	saltLen    = 16
	// PassphraseMin keeps the passphrase from being guessable offline: the
	// backup may leave the office.
	PassphraseMin = 12
)

// ErrNotBackup means the file is not a Madoguchi backup.
var ErrNotBackup = errors.New("not a Madoguchi backup file")

// errTooLarge means the file holds more than a backup may.
var errTooLarge = errors.New("backup: larger than any backup")

// seal writes src to dst as a format 2 backup under passphrase.
func seal(dst io.Writer, src io.Reader, passphrase string) error {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("backup: salt: %w", err)
	}
	aead, err := newGCM(passphrase, salt)
	if err != nil {
		return err
	}
	header := append(append([]byte{}, magicV2...), salt...)
	if _, err := dst.Write(header); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	w := newSealWriter(dst, aead, header)
	if _, err := io.Copy(w, src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return w.Close()
}

// open returns a reader of the database in the backup f, of size bytes,
// in either format. What it reads past MaxSize fails with errTooLarge.
func open(f *os.File, size int64, passphrase string) (io.Reader, error) {
	br := bufio.NewReader(f)
	magic, err := br.Peek(len(magicV2))
	if err != nil {
		return nil, ErrNotBackup // shorter than the magic line
	}
	switch {
	case bytes.Equal(magic, magicV2):
		return openV2(br, passphrase)
	case bytes.Equal(magic, magicV1):
		return openV1(br, size, passphrase)
	}
	return nil, ErrNotBackup
}

func openV2(br *bufio.Reader, passphrase string) (io.Reader, error) {
	header := make([]byte, len(magicV2)+saltLen)
	if _, err := io.ReadFull(br, header); err != nil {
		return nil, ErrNotBackup
	}
	aead, err := newGCM(passphrase, header[len(magicV2):])
	if err != nil {
		return nil, err
	}
	return &limited{r: newOpenReader(br, aead, header), left: maxSize}, nil
}

// openV1 reads a format 1 backup whole, as the version that wrote it did,
// after checking its size.
func openV1(br *bufio.Reader, size int64, passphrase string) (io.Reader, error) {
	if size > MaxSizeV1 {
		return nil, errTooLarge
	}
	if size < int64(len(magicV1)+saltLen+nonceSize+tagSize) {
		return nil, ErrNotBackup
	}
	sealed := make([]byte, size)
	if _, err := io.ReadFull(br, sealed); err != nil {
		return nil, fmt.Errorf("backup: read: %w", err)
	}
	salt := sealed[len(magicV1) : len(magicV1)+saltLen]
	gcm, err := newGCM(passphrase, salt)
	if err != nil {
		return nil, err
	}
	header := sealed[:len(magicV1)+saltLen+nonceSize]
	nonce := header[len(magicV1)+saltLen:]
	// Opened in place: the file's bytes become the database's.
	plain, err := gcm.Open(sealed[len(header):len(header)], nonce, sealed[len(header):], header)
	if err != nil {
		return nil, errWrongKey
	}
	return bytes.NewReader(plain), nil
}

// limited fails with errTooLarge once more than left bytes were read.
type limited struct {
	r    io.Reader
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, errTooLarge
	}
	return n, err
}

func newGCM(passphrase string, salt []byte) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(passphrase), salt, kdfTime, kdfMemory, kdfThreads, 32)
	defer clear(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return cipher.NewGCM(block)
}

// sizeText writes a size for messages: GiB, or KiB below one.
func sizeText(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
