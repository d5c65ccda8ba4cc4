package desk

import "madoguchi/app/audit"

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
// address and a similar name (app/people), found through the blind index.
func (d *Desk) SimilarApplications(id int64) ([]SimilarApplication, error) {
	u, err := d.allow("SimilarApplications")
	if err != nil {
		return nil, err
	}
	found, err := d.Intake.Similar(d.ctx, id)
	if err != nil {
		return nil, d.fail("similar applications", err)
	}
	out := []SimilarApplication{}
	for _, p := range found {
		s := SimilarApplication{ID: p.ID, Status: p.Status, Name: p.Name, NameKana: p.NameKana,
			BirthDate: p.BirthDate, Address: p.Address, Sex: p.Sex}
		for _, r := range p.Reasons {
			s.Reasons = append(s.Reasons, r.MessageID())
		}
		out = append(out, s)
	}
	// Other applicants' data is shown only once the read is recorded.
	if len(out) > 0 {
		if err := d.recordFirst("similar applications", entryBy(u, audit.Read, recordApplication, id)); err != nil {
			return nil, err
		}
	}
	return out, nil
}
