package intake

import (
	"context"
	"slices"
	"testing"
)

func TestCardRoundTrip(t *testing.T) {
	for _, a := range []Answers{
		{},
		{fieldName: "山田 太郎", fieldAlias: "ヤマダ", fieldNameKana: "ヤマダ タロウ", fieldBirthDate: "1990-04-01", "address": "東京都千代田区一番町1-2-3 メゾン101", "sex": "male"},
		{fieldName: "NGUYEN VAN AN", fieldBirthDate: "2001-12-31", "address": "大阪府大阪市北区梅田1丁目"},
	} {
		want := cardOf(a)
		got, err := decodeCard(want.encode())
		if err != nil || got != want {
			t.Fatalf("decode(encode(%+v)) = %+v, %v", want, got, err)
		}
	}
}

// A card that is not one (another format, cut short, with bytes after it)
// is refused, never read as another person's items.
func TestDecodeCardRefusesDamage(t *testing.T) {
	whole := cardOf(Answers{fieldName: "山田 太郎", fieldBirthDate: "1990-04-01"}).encode()
	for name, b := range map[string][]byte{
		"empty":          nil,
		"another format": append([]byte{cardFormat + 1}, whole[1:]...),
		"cut short":      whole[:len(whole)-3],
		"trailing bytes": append(append([]byte{}, whole...), 0),
		"huge length":    {cardFormat, 0xff, 0xff, 0xff, 0xff, 0x0f},
	} {
		if c, err := decodeCard(b); err == nil {
			t.Errorf("%s: decoded %+v", name, c)
		}
	}
}

func FuzzDecodeCard(f *testing.F) {
	f.Add(cardOf(Answers{fieldName: "山田 太郎", fieldBirthDate: "1990-04-01"}).encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCard(b)
		if err != nil {
			return
		}
		if again, err := decodeCard(c.encode()); err != nil || again != c {
			t.Fatalf("a decoded card does not survive encoding: %+v, %v", again, err)
		}
	})
}

// What a search or a similar-person check shows follows the application:
// its status after submission, and a birth date changed since (found under
// the new date, no longer under the old).
func TestCardsFollowTheApplication(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	a, b := fillJP(t, s, 1), fillJP(t, s, 2)
	if _, err := s.Submit(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	byDate, err := s.Search(ctx, "1990-04-01", 10)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int64]string{}
	for _, r := range byDate {
		status[r.ID] = r.Status
	}
	if status[a.ID] != StatusReady || status[b.ID] != StatusDraft {
		t.Fatalf("statuses found by birth date: %v; want %d %s, %d %s", status, a.ID, StatusReady, b.ID, StatusDraft)
	}
	similar, err := s.Similar(ctx, b.ID)
	if err != nil || len(similar) != 1 || similar[0].Status != StatusReady {
		t.Fatalf("similar to %d: %+v, %v; want %d as %s", b.ID, similar, err, a.ID, StatusReady)
	}
	mustSave(t, s, b.ID, "birth", wareki("heisei", "2", "4", "2"))
	if got := searchIDs(t, s, "1990-04-01"); !slices.Equal(got, []int64{a.ID}) {
		t.Fatalf("the old birth date finds %v, want only %d", got, a.ID)
	}
	if got := searchIDs(t, s, "1990-04-02"); !slices.Equal(got, []int64{b.ID}) {
		t.Fatalf("the new birth date finds %v, want %d", got, b.ID)
	}
}
