package virtual

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"
)

// keys are the four RSA-2048 keys of a card's test PKI. Generating them takes ~0.2 s, so tests share one set.
type keys struct {
	jpkiCA *rsa.PrivateKey // signs the user-authentication certificate (EF 000A) and its own (EF 000B)
	auth   *rsa.PrivateKey // the user-authentication key (EF 0017)
	chipCA *rsa.PrivateKey // signs the chip certificate (card-info EF 0004); a client trusts ChipCACert
	chip   *rsa.PrivateKey // signs the card-info data (EF 0003)
}

func newKeys() (*keys, error) {
	var k keys
	for _, dst := range []**rsa.PrivateKey{&k.jpkiCA, &k.auth, &k.chipCA, &k.chip} {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, fmt.Errorf("generate test key: %w", err)
		}
		*dst = key
	}
	return &k, nil
}

// pki is what a card shows of its keys: certificates and the chip-data signature parts.
type pki struct {
	keys        *keys
	authCACert  *x509.Certificate // EF 000B
	authCert    *x509.Certificate // EF 000A
	chipCACert  *x509.Certificate // not on the card: the trust anchor a client holds
	chipCVCert  []byte            // EF 0004
	chipKeyID   []byte            // 16 bytes: the subject reference of EF 0004 and DF42 of EF 0005
	chipCAKeyID []byte            // 16 bytes: the issuer reference of EF 0004 and the SubjectKeyId of chipCACert
}

// newPKI issues the card's certificates. The CAs are valid from a year before the earliest date to ten years
// after the latest, so that a persona's expired or not-yet-valid certificate is the only thing out of date.
func newPKI(k *keys, dates CertDates, now time.Time) (*pki, error) {
	notBefore, notAfter, err := dates.validity(now)
	if err != nil {
		return nil, err
	}
	caFrom := earliest(notBefore, now).AddDate(-1, 0, 0)
	caUntil := latest(notAfter, now).AddDate(10, 0, 0)

	p := &pki{keys: k, chipKeyID: keyID(&k.chip.PublicKey), chipCAKeyID: keyID(&k.chipCA.PublicKey)}
	p.authCACert, err = selfSigned(k.jpkiCA, "Madoguchi virtual JPKI user-authentication CA (TEST ONLY)",
		keyID(&k.jpkiCA.PublicKey), caFrom, caUntil)
	if err != nil {
		return nil, fmt.Errorf("issue JPKI CA certificate: %w", err)
	}
	p.chipCACert, err = selfSigned(k.chipCA, "Madoguchi virtual card-info CA (TEST ONLY)", p.chipCAKeyID, caFrom, caUntil)
	if err != nil {
		return nil, fmt.Errorf("issue chip CA certificate: %w", err)
	}
	p.authCert, err = userAuthCert(k, p.authCACert, notBefore, notAfter)
	if err != nil {
		return nil, fmt.Errorf("issue user-authentication certificate: %w", err)
	}
	p.chipCVCert, err = cvCertificate(k.chipCA, p.chipCAKeyID, p.chipKeyID, &k.chip.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("issue chip certificate: %w", err)
	}
	return p, nil
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// keyID is the first 16 bytes of SHA-256 over the key's modulus.
func keyID(pub *rsa.PublicKey) []byte {
	sum := sha256.Sum256(pub.N.Bytes())
	return sum[:16]
}

func serial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
}

func selfSigned(key *rsa.PrivateKey, cn string, subjectKeyID []byte, from, until time.Time) (*x509.Certificate, error) {
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	name := pkix.Name{Country: []string{"JP"}, Organization: []string{"Madoguchi test PKI"}, CommonName: cn}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               name,
		Issuer:                name,
		NotBefore:             from,
		NotAfter:              until,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SubjectKeyId:          subjectKeyID,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// userAuthCert mirrors the real one in carrying no personal data: its subject is a random serial.
func userAuthCert(k *keys, ca *x509.Certificate, from, until time.Time) (*x509.Certificate, error) {
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		Subject: pkix.Name{
			Country:    []string{"JP"},
			CommonName: fmt.Sprintf("MADOGUCHI-TEST-%016X", sn),
		},
		NotBefore:   from,
		NotAfter:    until,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.auth.PublicKey, k.jpkiCA)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// cvCertificate builds the 568-byte EF 0004:
//
//	7F21 82 0234
//	  7F4E 82 0129  issuer reference (16) || subject reference (16) || 82 03 exponent || 81 82 0100 modulus
//	  5F37 82 0100  RSA PKCS#1 v1.5 SHA-256 signature by the CA over the whole 7F4E TLV (tag, length, value)
//
// The order inside 7F4E (two 16-byte references, then exponent and modulus TLVs) follows the mynacard schema of
// real cards; the tag numbers 82/81 and what is signed are this card's choice.
func cvCertificate(ca *rsa.PrivateKey, issuer, subject []byte, pub *rsa.PublicKey) ([]byte, error) {
	exponent := big.NewInt(int64(pub.E)).Bytes()
	modulus := pub.N.FillBytes(make([]byte, 256))
	body := tlv(tagCVBody, issuer, subject, tlv(tagCVExponent, exponent), tlv(tagCVModulus, modulus))
	sig, err := signSHA256(ca, body)
	if err != nil {
		return nil, err
	}
	return tlv(tagCVCert, body, tlv(tagCVSignature, sig)), nil
}

func signSHA256(key *rsa.PrivateKey, data []byte) ([]byte, error) {
	sum := sha256.Sum256(data)
	return rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
}
