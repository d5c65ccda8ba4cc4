package card

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// PINState is what an empty VERIFY tells about one PIN without spending a
// try.
type PINState struct {
	TriesLeft int  `json:"triesLeft"`
	MaxTries  int  `json:"maxTries"`
	Blocked   bool `json:"blocked"`
}

// Status is what the card tells without any PIN.
type Status struct {
	Token             Token    `json:"token"`
	AuthPIN           PINState `json:"authPin"`           // JPKI user-authentication PIN, EF 0018
	CardInfoPIN       PINState `json:"cardInfoPin"`       // card-info input support PIN, EF 0011: the one ReadBasic asks for
	SignaturePassword PINState `json:"signaturePassword"` // JPKI signature password, EF 001B
	// CertNotBefore and CertExpiry are the validity of the user-authentication
	// certificate (JPKI EF 000A): the electronic certificate's expiry, which
	// is not the card's own.
	CertNotBefore time.Time `json:"certNotBefore"`
	CertExpiry    time.Time `json:"certExpiry"`
	// ExtendedAPDU is null here: the card says so in card-info EF 0005, which
	// needs the PIN (BasicInfo.ExtendedAPDU has it).
	ExtendedAPDU *bool `json:"extendedApdu"`
	// AuthCert is the parsed certificate, for callers that need more of it;
	// it carries no name or address.
	AuthCert *x509.Certificate `json:"-"`
}

// BasicInfo is what ReadBasic returns: the four basic items, the number
// only when asked for, and the chip-data check. fmt and slog print it
// redacted; JSON carries it whole, for the counter's screen only.
type BasicInfo struct {
	Name         string    `json:"name"`
	Address      string    `json:"address"`
	BirthDate    string    `json:"birthDate"`        // YYYY-MM-DD; MM-DD or DD may be 00 when the record holds no full date
	Sex          string    `json:"sex"`              // "1" male, "2" female, "9" not applicable
	Number       string    `json:"number,omitempty"` // only with ReadOptions.WithNumber
	Chip         ChipCheck `json:"chip"`
	ExtendedAPDU bool      `json:"extendedApdu"`
}

const redacted = "card.BasicInfo{redacted}"

// Format keeps personal data out of anything printed with fmt.
func (b BasicInfo) Format(f fmt.State, _ rune) { fmt.Fprint(f, redacted) }

// LogValue keeps personal data out of structured logs.
func (b BasicInfo) LogValue() slog.Value { return slog.StringValue(redacted) }

// ReadOptions says what ReadBasic may do.
type ReadOptions struct {
	// WithNumber reads the Individual Number too. Only the municipal counter
	// role may ask for it: the desk decides, this package obeys.
	WithNumber bool
	// ConfirmedLastTry allows sending the PIN when the card has one try
	// left, after staff confirmed it with the holder.
	ConfirmedLastTry bool
	// ChipTrust are the issuers' certificates whose keys may sign the chip
	// certificate (card-info EF 0004), matched by subject key identifier.
	// Without the right one the check is "not verified".
	ChipTrust []*x509.Certificate
}

// holder is implemented by transports that can keep other programs off the
// card for one operation (a PC/SC transaction), so that nobody interleaves
// commands between our SELECT and READ BINARY. reset asks to reset the card
// at the end, so a verified PIN does not stay open for the next program.
type holder interface {
	hold(ctx context.Context) (release func(reset bool), err error)
}

func hold(ctx context.Context, t Transport) (func(reset bool), error) {
	if h, ok := t.(holder); ok {
		return h.hold(ctx)
	}
	return func(bool) {}, nil
}

// ReadStatus reads what the card tells without a PIN: the JPKI token, the
// tries left of the three PINs (by empty VERIFY: no PIN is ever sent), and
// the user-authentication certificate's validity.
func ReadStatus(ctx context.Context, t Transport) (*Status, error) {
	release, err := hold(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("read card status: %w", err)
	}
	defer release(false)
	s, err := readStatus(ctx, &reader{t: t})
	if err != nil {
		return nil, fmt.Errorf("read card status: %w", err)
	}
	return s, nil
}

func readStatus(ctx context.Context, r *reader) (*Status, error) {
	var s Status
	var err error
	if err = r.selectApp(ctx, aidCardInfo, "card-info application"); err != nil {
		return nil, err
	}
	if s.CardInfoPIN, err = r.pinState(ctx, efInfoPIN, pinMaxTries); err != nil {
		return nil, err
	}
	if err = r.selectApp(ctx, aidJPKI, "JPKI application"); err != nil {
		return nil, err
	}
	if err = r.selectEF(ctx, efJPKIToken); err != nil {
		return nil, err
	}
	raw, err := r.readFixed(ctx, "JPKI EF 0006", tokenFileLen)
	if err != nil {
		return nil, err
	}
	if s.Token, err = decodeToken(raw); err != nil {
		return nil, err
	}
	if s.AuthPIN, err = r.pinState(ctx, efJPKIAuthPIN, pinMaxTries); err != nil {
		return nil, err
	}
	if s.SignaturePassword, err = r.pinState(ctx, efJPKISignPIN, sigPassMaxTries); err != nil {
		return nil, err
	}
	if err = r.selectEF(ctx, efJPKIAuthCert); err != nil {
		return nil, err
	}
	if raw, err = r.readTLVFile(ctx, "JPKI EF 000A", minCertLen); err != nil {
		return nil, err
	}
	if s.AuthCert, err = decodeCert(raw); err != nil {
		return nil, err
	}
	s.CertNotBefore, s.CertExpiry = s.AuthCert.NotBefore, s.AuthCert.NotAfter
	return &s, nil
}

// ReadBasic reads the four basic items from the card-info application, the
// number when opts.WithNumber, and checks them against the chip signature.
//
// PIN safety is enforced here, whatever the screen does: the PIN must be 4
// digits before any command is sent; an empty VERIFY first learns the tries
// left; with none left the card is blocked and with one left the PIN is
// sent only when opts.ConfirmedLastTry. The PIN is wiped when ReadBasic
// returns, and the card is reset afterwards so the PIN does not stay
// verified for other programs.
func ReadBasic(ctx context.Context, t Transport, pin PIN, opts ReadOptions) (*BasicInfo, error) {
	defer pin.Wipe()
	if err := pin.Validate(); err != nil {
		return nil, fmt.Errorf("read basic info: %w", err)
	}
	release, err := hold(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("read basic info: %w", err)
	}
	sent := false // once the PIN went out, reset the card at the end
	defer func() { release(sent) }()
	r := &reader{t: t}
	if err := r.selectApp(ctx, aidCardInfo, "card-info application"); err != nil {
		return nil, fmt.Errorf("read basic info: %w", err)
	}
	if sent, err = r.verify(ctx, efInfoPIN, pin, opts.ConfirmedLastTry); err != nil {
		return nil, fmt.Errorf("read basic info: %w", err)
	}
	info, err := readBasic(ctx, r, opts)
	if err != nil {
		return nil, fmt.Errorf("read basic info: %w", err)
	}
	return info, nil
}

// verify applies the PIN safety rule, then sends the PIN. sent says
// whether the PIN went to the card.
func (r *reader) verify(ctx context.Context, fid uint16, pin PIN, confirmedLastTry bool) (sent bool, err error) {
	state, err := r.pinState(ctx, fid, pinMaxTries)
	if err != nil {
		return false, err
	}
	switch {
	case state.Blocked:
		return false, &PINError{Kind: ErrPINBlocked}
	case state.TriesLeft == 1 && !confirmedLastTry:
		return false, &PINError{Kind: ErrLastTryNeedsConfirmation, TriesLeft: 1}
	}
	cmd := Verify(pin.digits)
	defer clear(cmd)
	_, sw, err := exchange(ctx, r.t, cmd)
	if err != nil {
		return true, fmt.Errorf("verify PIN: %w", err)
	}
	switch se := (&StatusError{SW: sw}); {
	case sw == swOK:
		return true, nil
	case errors.Is(se, ErrWrongPIN):
		n, _ := se.TriesLeft()
		if n == 0 {
			return true, &PINError{Kind: ErrPINBlocked}
		}
		return true, &PINError{Kind: ErrWrongPIN, TriesLeft: n}
	case errors.Is(se, ErrPINBlocked):
		return true, &PINError{Kind: ErrPINBlocked}
	default:
		return true, fmt.Errorf("verify PIN: %w", se)
	}
}

// readBasic reads the files once the PIN is verified.
func readBasic(ctx context.Context, r *reader, opts ReadOptions) (*BasicInfo, error) {
	// EF 0005 first: it says whether the longer files can come in one read.
	info, err := r.readOptional(ctx, efInfoAPInfo, "card-info EF 0005", apInfoFileLen)
	if err != nil {
		return nil, err
	}
	if ap, err := decodeAPInfo(info); err == nil {
		r.ext = ap.Extended // a missing or odd EF 0005 only costs speed: short reads
	}

	if err := r.selectEF(ctx, efInfoBasic); err != nil {
		return nil, err
	}
	raw, err := r.readTLVFile(ctx, "card-info EF 0002", minBasicLen)
	if err != nil {
		return nil, err
	}
	out, basicTLV, err := decodeBasic(raw)
	if err != nil {
		return nil, err
	}
	out.ExtendedAPDU = r.ext

	var numberTLV []byte
	if opts.WithNumber {
		if err := r.selectEF(ctx, efInfoNumber); err != nil {
			return nil, err
		}
		if raw, err = r.readTLVFile(ctx, "card-info EF 0001", numberFileLen); err != nil {
			return nil, err
		}
		if out.Number, numberTLV, err = decodeNumber(raw); err != nil {
			return nil, err
		}
	}

	sig, err := r.readOptional(ctx, efInfoSignature, "card-info EF 0003", sigFileLen)
	if err != nil {
		return nil, err
	}
	cert, err := r.readOptional(ctx, efInfoCert, "card-info EF 0004", chipCertLen)
	if err != nil {
		return nil, err
	}
	out.Chip = checkChip(chipFiles{sig: sig, cert: cert, numberTLV: numberTLV, basicTLV: basicTLV}, opts.ChipTrust)
	return &out, nil
}

// reader plans the commands of one operation.
type reader struct {
	t   Transport
	ext bool // the card accepts extended-length READ BINARY
}

func (r *reader) selectApp(ctx context.Context, aid []byte, name string) error {
	if _, err := command(ctx, r.t, SelectAID(aid)); err != nil {
		if errors.Is(err, ErrFileNotFound) {
			return fmt.Errorf("select %s: %w: %w", name, ErrNotMyNumberCard, err)
		}
		return fmt.Errorf("select %s: %w", name, err)
	}
	return nil
}

func (r *reader) selectEF(ctx context.Context, fid uint16) error {
	if _, err := command(ctx, r.t, SelectEF(fid)); err != nil {
		return fmt.Errorf("select EF %04X: %w", fid, err)
	}
	return nil
}

// pinState selects a PIN file and asks for its tries left with an empty
// VERIFY, which never spends a try.
func (r *reader) pinState(ctx context.Context, fid uint16, maxTries int) (PINState, error) {
	if err := r.selectEF(ctx, fid); err != nil {
		return PINState{}, err
	}
	_, sw, err := exchange(ctx, r.t, Verify(nil))
	if err != nil {
		return PINState{}, fmt.Errorf("tries left of EF %04X: %w", fid, err)
	}
	se := &StatusError{SW: sw}
	switch {
	case sw == swOK:
		// Already verified in this card session. The counter resets on a
		// correct entry ([facts]), so all tries are left.
		return PINState{TriesLeft: maxTries, MaxTries: maxTries}, nil
	case errors.Is(se, ErrWrongPIN):
		n, _ := se.TriesLeft()
		return PINState{TriesLeft: n, MaxTries: max(maxTries, n), Blocked: n == 0}, nil
	case errors.Is(se, ErrPINBlocked):
		return PINState{MaxTries: maxTries, Blocked: true}, nil
	default:
		return PINState{}, fmt.Errorf("tries left of EF %04X: %w", fid, se)
	}
}

// readOptional selects and reads a file the read can do without (the AP
// info, the chip signature and its certificate): nil means the card lacks
// it or does not let it be read, so the read goes on without it. A file
// that is there but garbled comes back as an empty, non-nil slice, so that
// its decoder reports it. Losing the card is still an error.
func (r *reader) readOptional(ctx context.Context, fid uint16, file string, minLen int) ([]byte, error) {
	unavailable := func(err error) bool { return errors.Is(err, ErrFileNotFound) || errors.Is(err, ErrSecurityStatus) }
	if err := r.selectEF(ctx, fid); err != nil {
		if unavailable(err) {
			return nil, nil
		}
		return nil, err
	}
	b, err := r.readTLVFile(ctx, file, minLen)
	switch {
	case unavailable(err):
		return nil, nil
	case errors.Is(err, ErrMalformed):
		return []byte{}, nil
	}
	return b, err
}

// readTLVFile reads the current file, which holds one BER-TLV element, with
// as few READ BINARY as the card allows: a first read as long as the file
// is known to be at least (minLen), which says the element's length, then
// the rest in one extended read or in chunks of 256.
func (r *reader) readTLVFile(ctx context.Context, file string, minLen int) ([]byte, error) {
	first := min(minLen, r.maxLe())
	head, err := r.readBinary(ctx, file, 0, first)
	if err != nil {
		return nil, err
	}
	h, err := ParseHeader(head)
	if err != nil {
		return nil, &DecodeError{File: file, Err: err}
	}
	total := h.Total()
	if total <= len(head) {
		return head[:total:total], nil
	}
	out := make([]byte, len(head), total)
	copy(out, head)
	for len(out) < total {
		n := min(total-len(out), r.maxLe())
		chunk, err := r.readBinary(ctx, file, len(out), n)
		if err != nil {
			return nil, err
		}
		out = append(out, chunk...)
	}
	return out, nil
}

// readFixed reads a file of known length that is not TLV.
func (r *reader) readFixed(ctx context.Context, file string, n int) ([]byte, error) {
	return r.readBinary(ctx, file, 0, n)
}

func (r *reader) maxLe() int {
	if r.ext {
		return maxExtendedLe
	}
	return maxShortLe
}

// readBinary returns exactly n bytes at off, or an error: an answer that
// ends early is a truncated file, never a shorter result.
func (r *reader) readBinary(ctx context.Context, file string, off, n int) ([]byte, error) {
	cmd, err := ReadBinary(off, n, n > maxShortLe)
	if err != nil {
		return nil, &DecodeError{File: file, Err: err}
	}
	data, sw, err := exchange(ctx, r.t, cmd)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	switch {
	case sw == 0x6B00:
		return nil, malformed(file, "ends before byte %d", off)
	case sw != swOK && sw != swEndOfFile:
		return nil, fmt.Errorf("read %s: %w", file, &StatusError{SW: sw})
	case len(data) > n:
		return nil, malformed(file, "answer of %d bytes to a read of %d", len(data), n)
	case len(data) < n:
		return nil, malformed(file, "ends after %d of %d bytes from byte %d", len(data), n, off)
	}
	return data, nil
}
