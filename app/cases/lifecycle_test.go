package cases

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// The methods that move a referral: Send (draft → sent, behind the consent
// gate) and Update (everything after).
const (
	viaSend   = "Send"
	viaUpdate = "Update"
)

// referralLifecycleByHand is every move between two statuses through each
// method, written out from docs/referrals.md and issue 5 rather than taken
// from transitions: draft → sent is Send's alone; sent → accepted,
// declined or closed; accepted and declined → closed; closed is the end.
// Update to the status a referral already has keeps it (only the follow-up
// day changes). want is "" for an allowed move, else the refusing problem.
var referralLifecycleByHand = []struct {
	from, to, via string
	want          string
}{
	{StatusDraft, StatusSent, viaSend, ""},
	{StatusSent, StatusSent, viaSend, "cases.referral.error.notDraft"},
	{StatusAccepted, StatusSent, viaSend, "cases.referral.error.notDraft"},
	{StatusDeclined, StatusSent, viaSend, "cases.referral.error.notDraft"},
	{StatusClosed, StatusSent, viaSend, "cases.referral.error.notDraft"},

	{StatusDraft, StatusDraft, viaUpdate, ""},
	{StatusDraft, StatusSent, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDraft, StatusAccepted, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDraft, StatusDeclined, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDraft, StatusClosed, viaUpdate, "cases.referral.status.error.transition"},

	{StatusSent, StatusDraft, viaUpdate, "cases.referral.status.error.transition"},
	{StatusSent, StatusSent, viaUpdate, ""},
	{StatusSent, StatusAccepted, viaUpdate, ""},
	{StatusSent, StatusDeclined, viaUpdate, ""},
	{StatusSent, StatusClosed, viaUpdate, ""},

	{StatusAccepted, StatusDraft, viaUpdate, "cases.referral.status.error.transition"},
	{StatusAccepted, StatusSent, viaUpdate, "cases.referral.status.error.transition"},
	{StatusAccepted, StatusAccepted, viaUpdate, ""},
	{StatusAccepted, StatusDeclined, viaUpdate, "cases.referral.status.error.transition"},
	{StatusAccepted, StatusClosed, viaUpdate, ""},

	{StatusDeclined, StatusDraft, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDeclined, StatusSent, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDeclined, StatusAccepted, viaUpdate, "cases.referral.status.error.transition"},
	{StatusDeclined, StatusDeclined, viaUpdate, ""},
	{StatusDeclined, StatusClosed, viaUpdate, ""},

	{StatusClosed, StatusDraft, viaUpdate, "cases.referral.status.error.transition"},
	{StatusClosed, StatusSent, viaUpdate, "cases.referral.status.error.transition"},
	{StatusClosed, StatusAccepted, viaUpdate, "cases.referral.status.error.transition"},
	{StatusClosed, StatusDeclined, viaUpdate, "cases.referral.status.error.transition"},
	{StatusClosed, StatusClosed, viaUpdate, ""},
}

var referralStatuses = []string{StatusDraft, StatusSent, StatusAccepted, StatusDeclined, StatusClosed}

// referralAt is a referral with consent recorded, put straight into status
// from, past the lifecycle under test.
func referralAt(t *testing.T, s *Service, from string) int64 {
	t.Helper()
	ctx := context.Background()
	r, err := s.CreateReferral(ctx, orgA, 1, newCase(t, s, orgA).ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, consent(FieldName), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE case_referrals SET status = ? WHERE id = ?`, from, r.ID); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func TestEveryReferralMoveAgainstTheLifecycleByHand(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	n := len(referralStatuses)
	if len(referralLifecycleByHand) != n*n+n {
		t.Fatalf("the table has %d moves; every pair through Update and every status to sent through Send make %d", len(referralLifecycleByHand), n*n+n)
	}
	for _, m := range referralLifecycleByHand {
		t.Run(m.via+"/"+m.from+"→"+m.to, func(t *testing.T) {
			id := referralAt(t, s, m.from)
			var err error
			if m.via == viaSend {
				_, err = s.Send(ctx, orgA, id, 0, nil, nil)
			} else {
				_, err = s.Update(ctx, orgA, id, 0, m.to, "resolved", "", nil)
			}
			if got := problemID(err); got != m.want {
				t.Fatalf("move: %q (%v), want %q", got, err, m.want)
			}
			after, err := s.Referral(ctx, orgA, id)
			if err != nil {
				t.Fatal(err)
			}
			want := m.from
			if m.want == "" {
				want = m.to
			}
			if after.Status != want {
				t.Errorf("status %s, want %s", after.Status, want)
			}
		})
	}
}

// TestSendingIsRecordedWithIt: a referral whose sending cannot be recorded
// stays a draft; a recorded one gives the hook the referral as sent, its
// override included.
func TestSendingIsRecordedWithIt(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	r, err := s.CreateReferral(ctx, orgA, 1, newCase(t, s, orgA).ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("audit full")
	override := &Override{By: 2, Reason: "Person in danger, cannot be reached to consent"}
	if _, err := s.Send(ctx, orgA, r.ID, 0, override, func(context.Context, *sql.Tx, *Referral) error { return full }); !errors.Is(err, full) {
		t.Fatalf("sent with no audit trail: %v", err)
	}
	if after, _ := s.Referral(ctx, orgA, r.ID); after.Status != StatusDraft || after.Override != nil {
		t.Fatalf("an unrecorded sending stands: %+v", after)
	}
	var sent *Referral
	if _, err := s.Send(ctx, orgA, r.ID, 0, override, func(_ context.Context, _ *sql.Tx, got *Referral) error {
		sent = got
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if sent == nil || sent.ID != r.ID || sent.Status != StatusSent || sent.Override == nil || sent.Override.By != 2 {
		t.Errorf("hook given %+v", sent)
	}
}
