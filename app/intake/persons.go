package intake

import (
	"context"
	"fmt"
	"slices"
	"strconv"

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
// compared, on their index cards read in one query; the result is what an
// index of every application would give.
func (s *Service) Similar(ctx context.Context, id int64) ([]SimilarPerson, error) {
	if _, err := s.EnsureIndex(ctx); err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	// Under a key another desk retired, terms would find no one, silently.
	if err := s.vault.CheckKey(ctx, s.db); err != nil {
		return nil, wrapTech(err, "similar persons")
	}
	own, err := s.cardsOf(ctx, []int64{id})
	if err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	self, ok := own[id]
	if !ok || self.Name == "" {
		return nil, nil
	}
	terms, err := s.personTerms(people.LookupKeys(asPerson(self.person(id, ""))))
	if err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	filed, err := s.filedCards(ctx, terms)
	if err != nil {
		return nil, fmt.Errorf("similar persons: %w", err)
	}
	ids := make([]int64, 0, len(filed))
	for other, c := range filed {
		if other != id && c.Name != "" {
			ids = append(ids, other)
		}
	}
	slices.Sort(ids) // people.Index ranks ties in the order records were added
	ix := people.NewIndex(nil)
	for _, other := range ids {
		ix.AddNormalized(strconv.FormatInt(other, 10), filed[other].Keys)
	}
	found := ix.Similar(asPerson(self.person(id, "")))
	out := make([]SimilarPerson, len(found))
	for i, c := range found {
		other, _ := strconv.ParseInt(c.ID, 10, 64)
		f := filed[other]
		out[i] = SimilarPerson{Person: f.person(other, f.status), Reasons: c.Reasons}
	}
	return out, nil
}

// personTerms are the blind-index terms of keys (people.Keys: the items
// one of which every similar-person reason needs equal).
func (s *Service) personTerms(keys people.Keys) ([]int64, error) {
	b, err := s.vault.Blinder()
	if err != nil {
		return nil, err
	}
	return keyTerms(b, keys), nil
}

func personOf(id int64, status string, a Answers) Person {
	return Person{ID: id, Status: status, Name: a[fieldName], NameKana: a[fieldNameKana],
		Address: a["address"], BirthDate: a[fieldBirthDate], Sex: a["sex"]}
}

func asPerson(p Person) people.Person {
	return people.Person{Name: p.Name, Reading: p.NameKana, Address: p.Address, BirthDate: p.BirthDate, Sex: p.Sex}
}
