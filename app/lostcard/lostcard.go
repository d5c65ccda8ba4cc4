// Package lostcard holds lost and stolen card reports taken by the call centre: the report, its suspension record, its lifecycle, the caller's guidance and the figures.
package lostcard

import (
	"embed"
	"slices"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/vault"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create and evolve this package's tables.
var Migrations = store.Embedded("lostcard", migrationFiles)

// Answers are what the agent recorded, by field name, normalised. The
// Individual Number is never one of them: a report identifies the holder by
// the four basic items only.
type Answers map[string]string

// The answer fields. Checkboxes hold "yes" or "".
const (
	FieldCallerLanguage       = "callerLanguage"
	FieldName                 = "name"
	FieldAddress              = "address"
	FieldBirthDate            = "birthDate"
	FieldSex                  = "sex"
	FieldLostItem             = "lostItem"
	FieldPhoneSystem          = "phoneSystem"
	FieldKind                 = "kind"
	FieldPlace                = "place"
	FieldLostOn               = "lostOn"
	FieldLostWhere            = "lostWhere"
	FieldPoliceReceipt        = "policeReceipt"
	FieldPoliceStation        = "policeStation"
	FieldExplanationForm      = "explanationForm"
	FieldDisasterCertificate  = "disasterCertificate"
	FieldSuspendedAt          = "suspendedAt"
	FieldSuspensionReference  = "suspensionReference"
	FieldConsequenceExplained = "consequenceExplained"
)

// fieldOrder is the order of the form, so problems come back in it.
var fieldOrder = []string{
	FieldCallerLanguage, FieldName, FieldAddress, FieldBirthDate, FieldSex,
	FieldLostItem, FieldPhoneSystem, FieldKind, FieldPlace, FieldLostOn, FieldLostWhere,
	FieldPoliceReceipt, FieldPoliceStation, FieldExplanationForm, FieldDisasterCertificate,
	FieldSuspendedAt, FieldSuspensionReference, FieldConsequenceExplained,
}

// Report is one call's report as the screens see it.
type Report struct {
	ID             int64    `json:"id"`
	Status         string   `json:"status"`
	CallerLanguage string   `json:"callerLanguage"`
	Answers        Answers  `json:"answers"`
	StartedAt      string   `json:"startedAt"` // UTC; recorded when the agent started the report
	UpdatedAt      string   `json:"updatedAt"`
	Version        int64    `json:"version"`
	Evidence       Evidence `json:"evidence"`     // the document the loss needs, "" until kind and place are known
	ExpressUntil   string   `json:"expressUntil"` // yyyy-mm-dd, last day to ask for express issue; "" if none
	Next           []string `json:"next"`         // the statuses it may move to
	CreatedBy      int64    `json:"-"`
}

// Summary is one row of the follow-up list.
type Summary struct {
	ID             int64  `json:"id"`
	Status         string `json:"status"`
	CallerLanguage string `json:"callerLanguage"`
	Name           string `json:"name"`
	StartedAt      string `json:"startedAt"`
	ExpressUntil   string `json:"expressUntil"`
	Version        int64  `json:"version"`
}

// Service reads and writes reports.
type Service struct {
	db        *store.DB
	vault     *vault.Vault
	languages []string
	now       func() time.Time
	version   int64 // expected row version for changes; 0: none (see At)

	// beforeWrite, when set by a test, runs in a change's transaction
	// between reading the report and writing it back (in Start's, before
	// the insert), to widen the window a race between desks would need.
	beforeWrite func()
}

// New returns a service over a migrated database. languages are the catalog
// tags a caller's language may take (guidance is given in them); now is the
// clock (nil means time.Now).
func New(db *store.DB, v *vault.Vault, languages []string, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, vault: v, languages: slices.Clone(languages), now: now}
}

// At returns the service acting on a report only while it is still at
// version, the one the caller's screen shows: Save and Move made through it
// fail with lostcard.error.conflict, writing nothing, when another desk
// changed the report in between. Version 0 means no check.
func (s *Service) At(version int64) *Service {
	c := *s
	c.version = version
	return &c
}
