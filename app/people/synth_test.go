package people

import (
	"fmt"

	"madoguchi/app/synth"
)

// synthPeople makes n synthetic register records (app/synth: households
// sharing an address and a family name, common surnames far more frequent
// than rare ones, foreign residents in Latin letters, written the many ways
// staff type them) and m persons to look up, mostly changed copies of
// them. The same seed gives the same persons.
func synthPeople(seed uint64, n, m int) ([]Record, []Person) {
	g := synth.NewRegister(seed)
	ps := g.People(n)
	qs := g.Queries(ps, m)
	known := make([]Record, len(ps))
	for i, p := range ps {
		known[i] = Record{ID: fmt.Sprintf("P%07d", i+1), Person: Person(p)}
	}
	queries := make([]Person, len(qs))
	for i, q := range qs {
		queries[i] = Person(q)
	}
	return known, queries
}
