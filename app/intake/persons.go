package intake

import (
	"context"
	"fmt"
)

// Person is the four basic items (and the reading) of one application, for
// comparing persons across applications (app/people).
type Person struct {
	ID        int64
	Status    string
	Name      string
	NameKana  string
	Address   string
	BirthDate string
	Sex       string
}

// Persons lists the person of every application that has a name. It opens
// every row: the caller builds its index from it and must not keep it.
func (s *Service) Persons(ctx context.Context) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, status, answers FROM intake_applications ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list persons: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var sealed []byte
		if err := rows.Scan(&p.ID, &p.Status, &sealed); err != nil {
			return nil, fmt.Errorf("list persons: %w", err)
		}
		a, err := s.open(sealed)
		if err != nil {
			return nil, fmt.Errorf("list persons: open %d: %w", p.ID, err)
		}
		if a[fieldName] == "" {
			continue
		}
		p.Name, p.NameKana, p.Address = a[fieldName], a[fieldNameKana], a["address"]
		p.BirthDate, p.Sex = a[fieldBirthDate], a["sex"]
		out = append(out, p)
	}
	return out, rows.Err()
}
