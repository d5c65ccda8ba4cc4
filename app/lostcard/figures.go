package lostcard

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Count is one bar of a chart: a key (a day, a language tag, a status) and
// how many reports it has.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Figures count the reports started in the last Days days (Japan's calendar
// days, today included): per day (every day, zeros too), by the caller's
// language, and by where each report is now (its outcome so far).
type Figures struct {
	From       string  `json:"from"` // yyyy-mm-dd
	To         string  `json:"to"`
	Days       int     `json:"days"`
	Total      int     `json:"total"`
	PerDay     []Count `json:"perDay"`
	ByLanguage []Count `json:"byLanguage"` // most reports first; "" for not asked
	ByOutcome  []Count `json:"byOutcome"`  // every status, in lifecycle order
}

// maxFigureDays bounds the period a chart covers.
const maxFigureDays = 366

// Figures counts the reports of the last days days. No personal data is
// read: only the plain columns.
func (s *Service) Figures(ctx context.Context, days int) (*Figures, error) {
	days = min(max(days, 1), maxFigureDays)
	today := s.now().In(japanTime)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, japanTime).AddDate(0, 0, -(days - 1))
	f := &Figures{From: first.Format(time.DateOnly), To: today.Format(time.DateOnly), Days: days}
	perDay := map[string]int{}
	byLang := map[string]int{}
	byStatus := map[string]int{}
	rows, err := s.db.QueryContext(ctx,
		`SELECT started_at, caller_language, status FROM lostcard_reports WHERE started_at >= ?`,
		first.UTC().Format(timeFormat))
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var started, lang, status string
		if err := rows.Scan(&started, &lang, &status); err != nil {
			return nil, fmt.Errorf("figures: %w", err)
		}
		t, err := time.Parse(timeFormat, started)
		if err != nil {
			return nil, fmt.Errorf("figures: start time: %w", err)
		}
		perDay[t.In(japanTime).Format(time.DateOnly)]++
		byLang[lang]++
		byStatus[status]++
		f.Total++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	for d := range days {
		key := first.AddDate(0, 0, d).Format(time.DateOnly)
		f.PerDay = append(f.PerDay, Count{Key: key, Count: perDay[key]})
	}
	for lang, n := range byLang {
		f.ByLanguage = append(f.ByLanguage, Count{Key: lang, Count: n})
	}
	slices.SortFunc(f.ByLanguage, func(a, b Count) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Key < b.Key {
			return -1
		}
		return 1
	})
	if f.ByLanguage == nil {
		f.ByLanguage = []Count{}
	}
	for _, st := range Statuses {
		f.ByOutcome = append(f.ByOutcome, Count{Key: st, Count: byStatus[st]})
	}
	return f, nil
}
