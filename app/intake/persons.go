package intake

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"madoguchi/app/people"
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

// SimilarPerson is another application's person that may be the same as
// the one asked about, with every reason (app/people).
type SimilarPerson struct {
	Person
	Reasons []people.Reason
}

// Similar warns of the other applications whose person looks like
// application id's: the same birth date and a similar name, the same name
// and another birth date, or the same address and a similar name, ranked
// as people.Index ranks them. Every reason needs one of people.Keys equal,
// so only the applications filed under id's keys in the blind index are
// opened; the result is what an index of every application would give.
func (s *Service) Similar(ctx context.Context, id int64) ([]SimilarPerson, error) {
	if _, err := s.EnsureIndex(ctx); err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	// Under a key another desk retired, terms would find no one, silently.
	if err := s.vault.CheckKey(ctx, s.db); err != nil {
		return nil, wrapTech(err, "similar persons")
	}
	self, err := s.person(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	if self.Name == "" {
		return nil, nil
	}
	ids, err := s.filedWith(ctx, people.LookupKeys(asPerson(self)))
	if err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	byID := make(map[string]Person, len(ids))
	records := make([]people.Record, 0, len(ids))
	for _, other := range ids {
		if other == id {
			continue
		}
		p, err := s.person(ctx, other)
		if err != nil {
			return nil, fmt.Errorf("similar persons: %w", err)
		}
		if p.Name == "" {
			continue
		}
		key := strconv.FormatInt(other, 10)
		byID[key] = p
		records = append(records, people.Record{ID: key, Person: asPerson(p)})
	}
	var out []SimilarPerson
	for _, c := range people.NewIndex(records).Similar(asPerson(self)) {
		out = append(out, SimilarPerson{Person: byID[c.ID], Reasons: c.Reasons})
	}
	return out, nil
}

// filedWith lists, in increasing order, the applications filed under any
// of keys.
func (s *Service) filedWith(ctx context.Context, keys people.Keys) ([]int64, error) {
	b, err := s.vault.Blinder()
	if err != nil {
		return nil, err
	}
	var terms []any
	for _, k := range []struct{ domain, value string }{
		{domainBirth, keys.Birth}, {domainPersonName, keys.Name}, {domainPersonAddress, keys.Address},
	} {
		if k.value != "" {
			terms = append(terms, b.Term(k.domain, k.value))
		}
	}
	if len(terms) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT DISTINCT application_id FROM intake_terms WHERE term IN (?`+strings.Repeat(", ?", len(terms)-1)+`)`, terms...)
	if err != nil {
		return nil, fmt.Errorf("look up the index: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("look up the index: %w", err)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, rows.Err()
}

// person opens one application's person.
func (s *Service) person(ctx context.Context, id int64) (Person, error) {
	sum, a, err := s.summary(ctx, id)
	if err != nil {
		return Person{}, err
	}
	return personOf(id, sum.Status, a), nil
}

func personOf(id int64, status string, a Answers) Person {
	return Person{ID: id, Status: status, Name: a[fieldName], NameKana: a[fieldNameKana],
		Address: a["address"], BirthDate: a[fieldBirthDate], Sex: a["sex"]}
}

func asPerson(p Person) people.Person {
	return people.Person{Name: p.Name, Reading: p.NameKana, Address: p.Address, BirthDate: p.BirthDate, Sex: p.Sex}
}
