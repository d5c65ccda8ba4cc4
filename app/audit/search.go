package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"madoguchi/app/problem"
)

// Search is the audit-trail filter as a person fills it in (the
// supervisor's screen): text as typed, checked by Filter.
type Search struct {
	From       string `json:"from"`       // first day, YYYY-MM-DD, in the desk's time zone; "" for no limit
	To         string `json:"to"`         // last day, included
	UserID     int64  `json:"userId"`     // 0 for every staff member
	Action     string `json:"action"`     // "" for every action
	RecordType string `json:"recordType"` // "" for every kind of record
	RecordID   string `json:"recordId"`   // digits; needs RecordType
	Reason     string `json:"reason"`     // text the reason contains
}

// reasonMax bounds the reason search text: a reason is a sentence or two.
const reasonMax = 200

// Filter checks s and returns the filter it asks for, reading its days in
// loc (a day runs from its midnight to the next one there). Problems name
// the field they concern: from, to, action, recordType, recordId, reason.
func (s Search) Filter(loc *time.Location) (Filter, error) {
	var probs problem.List
	f := Filter{UserID: max(s.UserID, 0), Reason: strings.TrimSpace(s.Reason)}
	from, okFrom := day(strings.TrimSpace(s.From), loc)
	if !okFrom {
		probs.Add(problem.OnField("from", "audit.filter.from.error.invalid", nil))
	}
	to, okTo := day(strings.TrimSpace(s.To), loc)
	if !okTo {
		probs.Add(problem.OnField("to", "audit.filter.to.error.invalid", nil))
	}
	if okFrom && okTo && !from.IsZero() && !to.IsZero() && to.Before(from) {
		probs.Add(problem.OnField("to", "audit.filter.to.error.beforeFrom", nil))
	}
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the last day is included: up to the next midnight
	}
	if s.Action != "" {
		if f.Action = Action(s.Action); !f.Action.Known() {
			probs.Add(problem.OnField("action", "audit.filter.action.error.unknown", nil))
		}
	}
	f.RecordType = s.RecordType
	if !identifier.MatchString(f.RecordType) {
		probs.Add(problem.OnField("recordType", "audit.filter.recordType.error.unknown", nil))
	}
	if id := strings.TrimSpace(toHalfWidth(s.RecordID)); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		switch {
		case err != nil || n < 1:
			probs.Add(problem.OnField("recordId", "audit.filter.recordId.error.number", nil))
		case f.RecordType == "":
			probs.Add(problem.OnField("recordId", "audit.filter.recordId.error.needsType", nil))
		default:
			f.RecordID = n
		}
	}
	if len([]rune(f.Reason)) > reasonMax {
		probs.Add(problem.OnField("reason", "audit.filter.reason.error.tooLong", map[string]any{"Max": reasonMax}))
	}
	if err := probs.Err(); err != nil {
		return Filter{}, err
	}
	return f, nil
}

// day reads YYYY-MM-DD (digits may be full-width) as that day's midnight in
// loc; "" is the zero time.
func day(s string, loc *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, toHalfWidth(s), loc)
	return t, err == nil
}

func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '－':
			return '-'
		}
		return r
	}, s)
}

// recordTypesSQL reads audit_log_by_record only, not the table.
const recordTypesSQL = `SELECT DISTINCT record_type FROM audit_log WHERE record_type <> '' ORDER BY record_type`

// RecordTypes lists the kinds of record the trail mentions, sorted.
func (l *Log) RecordTypes(ctx context.Context) ([]string, error) {
	rows, err := l.db.QueryContext(ctx, recordTypesSQL)
	if err != nil {
		return nil, fmt.Errorf("list audit record types: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("list audit record types: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit record types: %w", err)
	}
	return out, nil
}
