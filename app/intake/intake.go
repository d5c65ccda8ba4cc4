// Package intake holds assisted card applications: their questions, validation rules, drafts and lifecycle.
package intake

import (
	"embed"
	"slices"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create and evolve this package's tables.
var Migrations = store.Embedded("intake", migrationFiles)

// Application statuses.
const (
	StatusDraft = "draft" // being filled in; resumes at Step
	StatusReady = "ready" // every applicable step checked; no more changes
)

// Answers are an application's answers by field name, normalised.
type Answers map[string]string

// Application is one applicant's answers and where the applicant is.
type Application struct {
	ID        int64    `json:"id"`
	Status    string   `json:"status"`
	Step      string   `json:"step"`
	Steps     []string `json:"steps"` // the steps that apply, in order, ending with "check"
	Answers   Answers  `json:"answers"`
	BirthDate string   `json:"birthDate"` // ISO, "" until the birth step is done
	BirthEra  *EraDate `json:"birthEra"`
	UpdatedAt string   `json:"updatedAt"`
	Version   int64    `json:"version"` // row version: a change made from an older version is refused
	CreatedBy int64    `json:"-"`
	// HandedOver is set once the card has been given to the applicant.
	HandedOver *Handover `json:"handedOver"`
	// Number is the Individual Number masked, or when and why it was
	// destroyed; nil when none was recorded. Its digits never come here.
	Number *NumberView `json:"number"`
}

// Summary is one row of a search result.
type Summary struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	Name      string `json:"name"`
	NameKana  string `json:"nameKana"`
	BirthDate string `json:"birthDate"`
	UpdatedAt string `json:"updatedAt"`
}

// Choices are the fixed lists the forms offer. Nationality also accepts
// "stateless" and "unknown", labelled by nationality.stateless and
// nationality.unknown; they are not country codes, so not in Countries.
type Choices struct {
	Countries         []string `json:"countries"`         // ISO 3166-1 alpha-2
	ResidenceStatuses []string `json:"residenceStatuses"` // label: residence.status.<id>
	Eras              []string `json:"eras"`              // label: date.era.<id>
}

// Service reads and writes applications.
type Service struct {
	db        *store.DB
	vault     *vault.Vault
	languages []string
	now       func() time.Time
	version   int64 // expected row version for changes; 0: none (see At)
	numbers   bool  // Rules.RecordsNumber (see RecordingNumbers)
	// numberAudit records each number recorded or destroyed through this
	// service, in the transaction that does it (see RecordingNumbers).
	numberAudit audit.Hook[NumberEvent]
	index       *termIndex
}

// New returns a service over a migrated database. languages are the
// applicant-language tags the language step accepts; now is the clock (nil
// means time.Now), injected so tests can fix "today".
func New(db *store.DB, v *vault.Vault, languages []string, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, vault: v, languages: slices.Clone(languages), now: now, index: &termIndex{}}
}

// Rules are the validation rules in force now.
func (s *Service) Rules() Rules {
	return Rules{Languages: s.languages, Now: s.now(), RecordsNumber: s.numbers}
}

// Choices returns copies of the lists, so callers cannot change the rules.
func (s *Service) Choices() Choices {
	return Choices{
		Countries:         slices.Clone(countryCodes),
		ResidenceStatuses: slices.Clone(residenceStatuses),
		Eras:              eraIDs(),
	}
}
