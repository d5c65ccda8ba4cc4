package card

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ebfe/scard"
	"madoguchi/app/i18n/i18ntest"
	"madoguchi/app/problem"
)

// loadCatalog reads this package's messages from the shared catalog.
func loadCatalog(t *testing.T, lang string) map[string]string {
	return i18ntest.MessagesOf(t, lang, "card.")
}

func placeholders(msg string) []string {
	return i18ntest.Placeholders(msg)
}

// emittedIDs finds every "card.x.y" literal in the package's Go files, plus
// the IDs built from token and chip-result values.
func emittedIDs(t *testing.T) []string {
	t.Helper()
	ids := i18ntest.MessageIDsInCode(t, "card.")
	for _, tok := range []Token{TokenCard, TokenSmartphone, TokenOldCard, TokenUnknown} {
		ids = append(ids, tok.MessageID())
	}
	for _, r := range []ChipResult{ChipAuthentic, ChipNotAuthentic, ChipNotVerified} {
		ids = append(ids, r.MessageID())
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestLocalesCoverEveryMessage(t *testing.T) {
	ids := emittedIDs(t)
	if len(ids) < 30 {
		t.Fatalf("found only %d message IDs in the code: the scan is broken", len(ids))
	}
	for _, lang := range i18ntest.Languages(t) {
		cat := loadCatalog(t, lang)
		for _, id := range ids {
			if strings.TrimSpace(cat[id]) == "" {
				t.Errorf("%s: missing %q", lang, id)
			}
		}
		for id := range cat {
			if strings.HasPrefix(id, "card.virtual.") {
				continue // the virtual card's own messages, checked in its package
			}
			if !slices.Contains(ids, id) {
				t.Errorf("%s: %q is not emitted by the code", lang, id)
			}
		}
	}
	ja, en := loadCatalog(t, "ja"), loadCatalog(t, "en")
	for id, msg := range ja {
		if !slices.Equal(placeholders(msg), placeholders(en[id])) {
			t.Errorf("%s: ja has %v, en has %v", id, placeholders(msg), placeholders(en[id]))
		}
	}
}

// What staff are told for each error, and that its arguments fill exactly
// the message's placeholders in every language.
func TestProblem(t *testing.T) {
	tests := []struct {
		err   error
		id    string
		field string
		args  map[string]any
	}{
		{fmt.Errorf("read basic info: %w", ErrPINFormat), "card.pin.format", "pin", nil},
		{&PINError{Kind: ErrWrongPIN, TriesLeft: 2}, "card.pin.wrong", "pin", map[string]any{"Count": 2}},
		{&PINError{Kind: ErrWrongPIN, TriesLeft: 0}, "card.pin.blocked", "pin", nil},
		{&PINError{Kind: ErrPINBlocked}, "card.pin.blocked", "pin", nil},
		{&PINError{Kind: ErrLastTryNeedsConfirmation, TriesLeft: 1}, "card.pin.lastTry", "pin", nil},
		{&StatusError{SW: 0x63C1}, "card.error.unexpectedStatus", "", map[string]any{"Code": "63C1"}},
		{&StatusError{SW: 0x6F00}, "card.error.unexpectedStatus", "", map[string]any{"Code": "6F00"}},
		{&StatusError{SW: 0x6A82}, "card.error.notFound", "", nil},
		{&StatusError{SW: 0x6982}, "card.error.securityStatus", "", nil},
		{&StatusError{SW: 0x6B00}, "card.error.unreadable", "", nil},
		{&StatusError{SW: 0x6700}, "card.error.unreadable", "", nil},
		{malformed("x", "y"), "card.error.unreadable", "", nil},
		{ErrBadAnswer, "card.error.unreadable", "", nil},
		{fmt.Errorf("x: %w", ErrNumberCheck), "card.error.numberCheck", "", nil},
		{fmt.Errorf("select: %w: %w", ErrNotMyNumberCard, &StatusError{SW: 0x6A82}), "card.error.notMyNumber", "", nil},
		{pcscError(scard.ErrRemovedCard), "card.error.removed", "", nil},
		{pcscError(scard.ErrNotTransacted), "card.error.removed", "", nil},
		{pcscError(scard.ErrNoSmartcard), "card.error.noCard", "", nil},
		{pcscError(scard.ErrResetCard), "card.error.reset", "", nil},
		{pcscError(scard.ErrUnresponsiveCard), "card.error.unresponsive", "", nil},
		{pcscError(scard.ErrReaderUnavailable), "card.error.readerGone", "", nil},
		{pcscError(scard.ErrUnknownReader), "card.error.readerGone", "", nil},
		{pcscError(scard.ErrNoReadersAvailable), "card.error.noReader", "", nil},
		{pcscError(scard.ErrNoService), "card.error.noService", "", nil},
		{pcscError(scard.ErrServiceStopped), "card.error.noService", "", nil},
		{pcscError(scard.ErrSharingViolation), "card.error.busy", "", nil},
		{pcscError(scard.ErrProtoMismatch), "card.error.notMyNumber", "", nil},
		{fmt.Errorf("x: %w", errCtxCanceled()), "card.error.cancelled", "", nil},
	}
	for _, tt := range tests {
		p := Problem(tt.err)
		if p == nil || p.ID != tt.id || p.Field != tt.field || fmt.Sprint(p.Args) != fmt.Sprint(tt.args) {
			t.Errorf("%v: got %+v, want %s on %q with %v", tt.err, p, tt.id, tt.field, tt.args)
			continue
		}
		checkArgsMatchCatalog(t, p)
	}
	if p := Problem(errors.New("something else")); p != nil {
		t.Errorf("unknown error became %+v; want nil so the caller logs it", p)
	}
	if p := Problem(pcscError(scard.ErrInternalError)); p != nil {
		t.Errorf("unknown PC/SC error became %+v", p)
	}
	// The chip reasons are shown too.
	for _, id := range []string{reasonAbsent, reasonUnsupported, reasonUnknownIssuer, reasonBadCert, reasonMalformed, reasonBadSignature, reasonDataChanged} {
		checkArgsMatchCatalog(t, problem.New(id, nil))
	}
}

func checkArgsMatchCatalog(t *testing.T, p *problem.Problem) {
	t.Helper()
	var keys []string
	for k := range p.Args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, lang := range i18ntest.Languages(t) {
		msg, ok := loadCatalog(t, lang)[p.ID]
		if !ok {
			t.Errorf("%s: no %s message", p.ID, lang)
			continue
		}
		if got := placeholders(msg); !slices.Equal(got, keys) {
			t.Errorf("%s (%s): placeholders %v, args %v", p.ID, lang, got, keys)
		}
	}
}

func errCtxCanceled() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx.Err()
}
