package desk

import (
	"strconv"

	"madoguchi/app/audit"
	"madoguchi/app/intake"
	"madoguchi/app/people"
)

// SimilarApplication is another application whose person looks like this
// one's. It is shown beside the application so that staff ask; nothing is
// ever merged on it.
type SimilarApplication struct {
	ID        int64    `json:"id"`
	Status    string   `json:"status"`
	Name      string   `json:"name"`
	NameKana  string   `json:"nameKana"`
	BirthDate string   `json:"birthDate"`
	Address   string   `json:"address"`
	Sex       string   `json:"sex"`
	Reasons   []string `json:"reasons"` // message IDs
}

// SimilarApplications warns of other applications with the same birth date
// and a similar name, the same name and another birth date, or the same
// address and a similar name (app/people). The index is built per call from
// the applications and dropped: one office's applications fit in memory.
func (d *Desk) SimilarApplications(id int64) ([]SimilarApplication, error) {
	u, err := d.allow("SimilarApplications")
	if err != nil {
		return nil, err
	}
	persons, err := d.Intake.Persons(d.ctx)
	if err != nil {
		return nil, d.fail("similar applications", err)
	}
	var self *intake.Person
	records := make([]people.Record, 0, len(persons))
	byID := map[string]intake.Person{}
	for i, p := range persons {
		if p.ID == id {
			self = &persons[i]
			continue
		}
		key := strconv.FormatInt(p.ID, 10)
		byID[key] = p
		records = append(records, people.Record{ID: key, Person: asPerson(p)})
	}
	out := []SimilarApplication{}
	if self == nil {
		return out, nil
	}
	for _, c := range people.NewIndex(records).Similar(asPerson(*self)) {
		p := byID[c.ID]
		s := SimilarApplication{ID: p.ID, Status: p.Status, Name: p.Name, NameKana: p.NameKana,
			BirthDate: p.BirthDate, Address: p.Address, Sex: p.Sex}
		for _, r := range c.Reasons {
			s.Reasons = append(s.Reasons, r.MessageID())
		}
		out = append(out, s)
	}
	if len(out) > 0 {
		d.record(audit.Entry{UserID: u.ID, Role: string(u.Role), Action: audit.Read, RecordType: "application", RecordID: id})
	}
	return out, nil
}

func asPerson(p intake.Person) people.Person {
	return people.Person{Name: p.Name, Reading: p.NameKana, Address: p.Address, BirthDate: p.BirthDate, Sex: p.Sex}
}
