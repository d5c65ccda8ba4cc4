package cases

import (
	"context"
	"slices"
	"strings"

	"madoguchi/app/residency"
)

// DueItem is one thing on the "due soon / overdue" dashboard: a deadline
// of a case's situation, or a referral's follow-up day.
type DueItem struct {
	CaseID     int64  `json:"caseId"`
	CaseName   string `json:"caseName"`
	Kind       string `json:"kind"`    // deadline, followUp
	Message    string `json:"message"` // message ID of the deadline, or cases.due.followUp
	ReferralID int64  `json:"referralId,omitempty"`
	Org        string `json:"org,omitempty"` // with a follow-up
	Date       string `json:"date"`          // ISO
	DaysLeft   int    `json:"daysLeft"`      // negative when past
	Status     string `json:"status"`        // overdue, due_soon
}

// Dashboard is every due-soon or overdue item of the scope's cases, most
// urgent (earliest) first, with counts and the chart's buckets.
type Dashboard struct {
	Today   string    `json:"today"`
	Items   []DueItem `json:"items"`
	Overdue int       `json:"overdue"`
	DueSoon int       `json:"dueSoon"`
	// Buckets for the chart: overdue, due within 7 days, due in 8 to 14 days.
	Buckets []Bucket `json:"buckets"`
}

// Bucket is one bar of the chart.
type Bucket struct {
	ID    string `json:"id"` // overdue, week1, week2 (label cases.due.bucket.<id>)
	Count int    `json:"count"`
}

// Due builds the dashboard of the scope's cases on the clock's today.
func (s *Service) Due(ctx context.Context, sc Scope) (*Dashboard, error) {
	today := s.today()
	out := &Dashboard{Today: residency.DateOf(today).String(), Items: []DueItem{}}
	var ids []int64
	names := map[int64]string{}
	err := s.each(ctx, sc, func(c *Case, d caseData) error {
		ids = append(ids, c.ID)
		names[c.ID] = d.Person.Name
		sit, ok := d.Situation.situation()
		if !ok {
			return nil
		}
		ev := residency.Evaluate(sit, s.now())
		for _, dl := range ev.Deadlines {
			if dl.Status != residency.StatusOverdue && dl.Status != residency.StatusDueSoon {
				continue
			}
			out.Items = append(out.Items, DueItem{
				CaseID: c.ID, CaseName: d.Person.Name, Kind: "deadline", Message: dl.Message,
				Date: dl.Date.String(), DaysLeft: dl.DaysLeft, Status: dl.Status,
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		refs, err := s.referrals(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			if r.FollowUp == "" || r.Status == StatusClosed {
				continue
			}
			d, ok := residency.ParseDate(r.FollowUp)
			if !ok {
				continue
			}
			left := int(d.Sub(today).Hours() / 24)
			if left > dueSoonDays {
				continue
			}
			st := residency.StatusDueSoon
			if left < 0 {
				st = residency.StatusOverdue
			}
			out.Items = append(out.Items, DueItem{
				CaseID: id, CaseName: names[id], Kind: "followUp", Message: "cases.due.followUp",
				ReferralID: r.ID, Org: r.Org, Date: d.String(), DaysLeft: left, Status: st,
			})
		}
	}
	slices.SortStableFunc(out.Items, func(a, b DueItem) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return int(a.CaseID - b.CaseID)
	})
	counts := map[string]int{}
	for _, it := range out.Items {
		switch {
		case it.Status == residency.StatusOverdue:
			out.Overdue++
			counts["overdue"]++
		case it.DaysLeft <= 7:
			out.DueSoon++
			counts["week1"]++
		default:
			out.DueSoon++
			counts["week2"]++
		}
	}
	for _, id := range []string{"overdue", "week1", "week2"} {
		out.Buckets = append(out.Buckets, Bucket{ID: id, Count: counts[id]})
	}
	return out, nil
}
