package residency

import (
	"slices"
	"time"

	"madoguchi/app/problem"
)

// Evaluation is what the rules say about one situation on one day.
type Evaluation struct {
	Today      Date          `json:"today"`
	Category   Category      `json:"category"`
	Registered bool          `json:"registered"` // on the resident register today
	CanApply   CanApply      `json:"canApply"`
	Flags      []Flag        `json:"flags"`
	Deadlines  []Deadline    `json:"deadlines"` // earliest first
	Card       *CardValidity `json:"card,omitempty"`
	// CombinedCard answers "may this person ask for a 特定在留カード (特定特別
	// 永住者証明書) instead of two cards?".
	CombinedCard CombinedCard `json:"combinedCard"`
	Referrals    []Referral   `json:"referrals"`
	// Problems is set, and nothing else is, when the situation is invalid.
	Problems problem.List `json:"problems,omitempty"`
}

// CanApply answers "can this person apply for a My Number Card?".
type CanApply struct {
	Answer string `json:"answer"`         // yes, no, from_date, unknown
	From   *Date  `json:"from,omitempty"` // with from_date
	Reason string `json:"reason"`         // message ID
	Source string `json:"source"`
}

// CombinedCard is whether, from when and where a person may ask for the
// residence card that is also a My Number Card (rules.go, Card kinds).
type CombinedCard struct {
	Kind   string   `json:"kind,omitempty"` // specified_residence or specified_special_permanent
	Answer string   `json:"answer"`         // yes, no, from_date
	From   *Date    `json:"from,omitempty"` // with from_date
	Reason string   `json:"reason"`         // message ID
	Where  []string `json:"where"`          // message IDs, when it may be asked for
	Source string   `json:"source"`
}

// AnswerUnknown: the rules cannot tell; Reason says whom to ask.
const AnswerUnknown = "unknown"

// Flag is something the caseworker must notice.
type Flag struct {
	ID      string `json:"id"`
	Message string `json:"message"` // message ID
	Source  string `json:"source"`
}

// Deadline is a dated step and where it stands today.
type Deadline struct {
	ID     string `json:"id"`
	Date   Date   `json:"date"`   // the last day
	Status string `json:"status"` // overdue, due_soon, later, met
	// StatusMessage is the message ID of Status, for text output.
	StatusMessage string `json:"statusMessage"`
	DaysLeft      int    `json:"daysLeft"` // from today; negative when past
	Done          *Date  `json:"done,omitempty"`
	Message       string `json:"message"` // message ID
	Source        string `json:"source"`
}

// Referral is an organisation to suggest, and why. Org is the
// organisation's ID in the directory (app/orgs), which holds its name and
// contact.
type Referral struct {
	Org     string   `json:"org"`
	Reasons []string `json:"reasons"` // message IDs
}

// Options tune an evaluation.
type Options struct {
	// DueSoonDays: a deadline this many days away or fewer is due soon.
	// Zero means the default, 14.
	DueSoonDays int
}

// japanTime is the zone "today" is taken in. Japan has no daylight saving
// time, so a fixed zone avoids needing the tz database on Windows.
var japanTime = time.FixedZone("JST", 9*60*60)

// japanDay returns the calendar day in Japan at instant t.
func japanDay(t time.Time) time.Time { return civil(t.In(japanTime)) }

// Evaluate applies the rules to s on the day `today` falls on in Japan,
// with the default options.
func Evaluate(s Situation, today time.Time) Evaluation {
	return EvaluateWith(s, today, Options{})
}

// EvaluateWith is Evaluate with options.
func EvaluateWith(s Situation, today time.Time, o Options) Evaluation {
	t := japanDay(today)
	if err := s.Validate(today); err != nil {
		return Evaluation{
			Today:    Date{Time: t},
			Category: s.Category,
			CanApply: CanApply{Answer: AnswerUnknown, Reason: "residency.canApply.invalidSituation"},
			Problems: problem.From(err),
		}
	}
	dueSoon := o.DueSoonDays
	if dueSoon <= 0 {
		dueSoon = dueSoonDays
	}
	e := &evaluator{s: s, today: t, dueSoon: dueSoon, flags: map[string]bool{}}
	cat := categoryRules[s.Category]
	e.registered = cat.registered
	e.can = CanApply{Answer: AnswerNo, Reason: cat.reason, Source: cat.source}
	if cat.registered {
		e.can.Answer = AnswerYes
	}

	e.nationality()
	e.category()
	e.stay()
	e.birth() // before transitional: an unnotified birth is the more basic reason
	e.transitional()
	e.card()
	e.registeredFrom()
	e.combinedCard()
	return e.result()
}

type evaluator struct {
	s          Situation
	today      time.Time
	dueSoon    int
	registered bool
	can        CanApply
	flags      map[string]bool
	deadlines  []Deadline
	cardV      *CardValidity
	combined   CombinedCard
}

func (e *evaluator) flag(id string) { e.flags[id] = true }

// cannot records that the person cannot apply, unless an earlier rule
// already said so: the first reason found is the most basic one.
func (e *evaluator) cannot(answer, reason, source string) {
	if e.can.Answer == AnswerYes || e.can.Answer == AnswerFromDate {
		e.can = CanApply{Answer: answer, Reason: reason, Source: source}
	}
}

// deadline adds a dated step; done is the day it was done, nil if not (or
// met without a known day when met is true).
func (e *evaluator) deadline(id string, date time.Time, done *Date, met bool) {
	r := deadlineRules[id]
	left := daysBetween(e.today, date)
	d := Deadline{ID: id, Date: Date{Time: date}, DaysLeft: left, Done: done, Message: r.message, Source: r.source}
	switch {
	case done != nil || met:
		d.Status = StatusMet
	case left < 0:
		d.Status = StatusOverdue
	case left <= e.dueSoon:
		d.Status = StatusDueSoon
	default:
		d.Status = StatusLater
	}
	d.StatusMessage = statusMessages[d.Status]
	e.deadlines = append(e.deadlines, d)
}

func (e *evaluator) nationality() {
	switch e.s.Nationality {
	case NationalityStateless:
		e.flag(FlagStateless)
	case NationalityUnknown:
		e.flag(FlagNationalityUnknown)
	}
}

func (e *evaluator) category() {
	switch e.s.Category {
	case ShortStay, DiplomaticOfficial:
		e.flag(FlagNotRegistered)
	case NoStatus:
		e.flag(FlagNotRegistered)
		e.flag(FlagNoStatus)
	case ProvisionalRelease:
		e.flag(FlagNotRegistered)
		e.flag(FlagProvisionalRelease)
	case TemporaryRefuge, ProvisionalStay:
		e.flag(FlagAsylum)
	case MidToLongTerm:
		if statusRules[e.s.Status].ambiguous && e.s.Stay == nil {
			e.flag(FlagStatusAmbiguous)
		}
	}
}

// stay follows a period of stay given as input: its end, a renewal in
// time (特例期間), a renewal granted.
func (e *evaluator) stay() {
	if !e.s.takesStay() {
		return
	}
	st := e.s.Stay
	if st == nil {
		if e.s.hasPeriod() {
			e.flag(FlagStayEndUnknown)
		}
		return
	}
	end := st.End.Time
	if st.RenewedEnd != nil {
		e.deadline(DeadlineStayEnd, st.RenewedEnd.Time, nil, false)
		e.checkStayEnd(st.RenewedEnd.Time)
		return
	}
	inTime := st.RenewalApplied != nil && !st.RenewalApplied.After(end)
	var done *Date
	if inTime {
		done = st.RenewalApplied
	}
	e.deadline(DeadlineStayEnd, end, done, false)
	if !inTime {
		e.checkStayEnd(end)
		return
	}
	special := addMonthsCivil(end, specialPeriod.months)
	e.deadline(DeadlineSpecialPeriodEnd, special, nil, false)
	switch {
	case e.today.After(special):
		e.stayExpired()
	case e.today.After(end):
		e.flag(FlagRenewalPending)
	}
}

func (e *evaluator) checkStayEnd(end time.Time) {
	left := daysBetween(e.today, end)
	switch {
	case left < 0:
		e.stayExpired()
	case left <= e.dueSoon:
		e.flag(FlagStayEnding)
	}
}

func (e *evaluator) stayExpired() {
	e.flag(FlagStayExpired)
	e.registered = false
	e.cannot(AnswerNo, "residency.canApply.stayExpired", "入管法 art. 20, 21; Basic Resident Registration Act art. 30-45; facts.md")
}

// transitional follows the 60 days without status after a birth in Japan or
// a loss of Japanese nationality, and the status application they require.
func (e *evaluator) transitional() {
	event, ok := e.s.transitionalEvent()
	if !ok {
		return
	}
	granted := e.s.Category == MidToLongTerm || e.s.Category == SpecialPermanent
	applied := e.s.StatusApplied

	id, period, deadlineFlag := DeadlineStatusApplication, statusApplication, FlagStatusDeadline
	if e.s.BornInJapan != nil && e.specialPermanentParent() {
		id, period, deadlineFlag = DeadlineSpecialPermanentApplication, specialPermanentApplication, FlagSpecialPermanentDeadline
	}
	due := period.end(event)
	e.deadline(id, due, applied, granted)
	if granted {
		return
	}

	recordEnd := stayWithoutStatus.end(event)
	e.deadline(DeadlineRecordDeletion, recordEnd, nil, false)
	late := applied != nil && applied.After(due)
	switch {
	case applied == nil:
		e.flag(deadlineFlag)
		e.flag(FlagRecordDeletionRisk)
	case late:
		e.flag(FlagStatusAppliedLate)
		e.flag(FlagRecordDeletionRisk)
	default:
		e.flag(FlagStatusPending)
	}
	if !e.today.After(recordEnd) {
		return
	}
	if applied != nil && !late {
		// Applied in time but not decided by day 60: whether the record is
		// kept meanwhile is for the municipality and ISA to say (check).
		e.cannot(AnswerUnknown, "residency.canApply.checkRecord", stayWithoutStatus.source)
		return
	}
	e.registered = false
	e.flag(FlagNoStatus)
	e.cannot(AnswerNo, "residency.canApply.recordDeleted", stayWithoutStatus.source)
}

func (e *evaluator) specialPermanentParent() bool {
	return slices.ContainsFunc(e.s.BornInJapan.Parents, func(p Parent) bool { return p.Category == SpecialPermanent })
}

// birth covers what is particular to a child born in Japan: the birth
// notification, the parents, the risk of statelessness.
func (e *evaluator) birth() {
	b := e.s.BornInJapan
	if b == nil {
		return
	}
	birth := e.s.BirthDate.Time
	// A status is granted only on a notified birth (the application needs
	// proof of the notification), so a child with a status counts as notified.
	granted := e.s.Category == MidToLongTerm || e.s.Category == SpecialPermanent
	e.deadline(DeadlineBirthNotification, birthNotification.end(birth), b.Notified, granted)
	if b.Notified == nil && !granted {
		e.flag(FlagUnregisteredBirth)
		e.registered = false
		e.cannot(AnswerNo, "residency.canApply.birthNotNotified", birthNotification.source)
	}

	if len(b.Parents) > 0 && !granted {
		withoutStatus, stateless := true, true
		for _, p := range b.Parents {
			withoutStatus = withoutStatus && noStatusParents[p.Category]
			stateless = stateless && p.Nationality == NationalityStateless
		}
		if withoutStatus {
			e.flag(FlagParentsWithoutStatus)
		}
		if stateless {
			e.flag(FlagPossibleJapaneseNationality)
		}
	}
	for _, p := range b.Parents {
		if p.Nationality == "JP" {
			e.flag(FlagParentJapanese)
		}
		if p.Category == ProvisionalRelease {
			e.flag(FlagParentProvisionalRelease)
		}
	}
	if b.ReportedToEmbassy != nil && !*b.ReportedToEmbassy && e.s.Nationality != NationalityStateless {
		e.flag(FlagStatelessRisk)
	}
}

// card computes the validity of a card already issued and what follows.
func (e *evaluator) card() {
	c := e.s.Card
	if c == nil {
		return
	}
	if cardKindRules[c.kind()].combined {
		e.combinedCardHeld()
		return
	}
	var applied time.Time
	if c.Applied != nil {
		applied = c.Applied.Time
	}
	stay, changeDue := e.printedStay()
	v := CardExpiry(e.s.BirthDate.Time, c.Issued.Time, applied, stay)
	changeDue = changeDue && v.Basis == BasisPeriodOfStay
	if changeDue {
		v.RenewMessage = renewByValidityChange
	}
	if c.CertificatesIssued != nil {
		certs := CertificateExpiry(e.s.BirthDate.Time, c.CertificatesIssued.Time)
		v.Certificates = Date{Time: certs}
		v.CertificatesUsable = Date{Time: minTime(certs, v.Expiry.Time)}
	}
	e.cardV = &v

	// Dates equal to the card's expiry are not repeated: the card's
	// RenewMessage says what to do by then. A renewed stay not yet carried
	// onto the card makes that day the last one to change it.
	if changeDue {
		e.deadline(DeadlineCardValidityChange, v.Expiry.Time, nil, false)
	} else {
		e.deadline(DeadlineCardExpiry, v.Expiry.Time, nil, false)
	}
	switch {
	case v.ExtendBy != nil:
		e.deadline(DeadlineCardExtensionBy, v.ExtendBy.Time, nil, false)
	case v.RenewBy.Before(v.Expiry.Time):
		e.deadline(DeadlineCardRenewBy, v.RenewBy.Time, nil, false)
	}
	if v.CertificatesUsable.Before(v.Expiry.Time) {
		e.deadline(DeadlineCertificateExpiry, v.CertificatesUsable.Time, nil, false)
	}

	left := daysBetween(e.today, v.Expiry.Time)
	switch {
	case left < 0:
		e.flag(FlagCardExpired)
	case v.Extension != nil:
		e.flag(FlagCardExtensionAvailable)
	case left <= e.dueSoon:
		e.flag(FlagCardExpiring)
	}
	if v.Basis == BasisPeriodOfStay || v.Basis == BasisRenewedStay {
		e.flag(FlagCardExpiresWithStay)
	}
	if changeDue && left >= 0 {
		e.flag(FlagCardValidityChange)
	}
	if left >= 0 && daysBetween(e.today, v.CertificatesUsable.Time) <= e.dueSoon {
		e.flag(FlagCertificateExpiring)
	}
}

// printedStay is the period a My Number Card follows as it stands: after a
// renewal granted at the immigration bureau, the card keeps the old end (or
// the special-period extension it was given) until its validity is changed
// at the municipal office; changeDue reports that change as still to do.
func (e *evaluator) printedStay() (stay *StayPeriod, changeDue bool) {
	stay = e.cardStay()
	c := e.s.Card
	if stay == nil || stay.RenewedEnd == nil || c.ValidityChanged != nil {
		return stay, false
	}
	printed := StayPeriod{End: stay.End}
	if c.ExtendedTo != nil && c.ExtendedTo.After(stay.End.Time) {
		printed.End = *c.ExtendedTo
	}
	return &printed, true
}

// combinedCardHeld: a 特定在留カード (特定特別永住者証明書) is renewed with the
// stay at the immigration bureau, never at the municipal office; its
// validity as a new-style card is for staff to read from the card.
func (e *evaluator) combinedCardHeld() {
	e.flag(FlagCombinedCardValidity)
	if st := e.s.Stay; st != nil && (st.RenewedEnd != nil || st.RenewalApplied != nil) {
		e.flag(FlagCombinedCardRenewal)
	}
}

// combinedCard answers whether the person may ask for a combined card: a
// mid-to-long-term or special permanent resident on the register, from
// the day applications opened.
func (e *evaluator) combinedCard() {
	kind, ok := specifiedKinds[e.s.Category]
	switch {
	case !ok:
		e.combined = CombinedCard{Answer: AnswerNo, Reason: "residency.combinedCard.notEligible", Source: specifiedCardSource}
		return
	case e.can.Answer != AnswerYes && e.can.Answer != AnswerFromDate:
		e.combined = CombinedCard{Kind: kind, Answer: AnswerNo, Reason: "residency.combinedCard.notRegistered", Source: specifiedCardSource}
		return
	}
	e.combined = CombinedCard{Kind: kind, Answer: AnswerYes, Reason: "residency.combinedCard.yes",
		Where: specifiedCardWhere, Source: specifiedCardSource}
	from := specifiedCards.applications
	if e.can.From != nil && e.can.From.After(from) {
		from = e.can.From.Time
	}
	if from.After(e.today) {
		e.combined.Answer, e.combined.From, e.combined.Reason = AnswerFromDate, &Date{Time: from}, "residency.combinedCard.fromDate"
	}
}

// cardStay returns the period the card follows, nil when it follows only
// birthdays.
func (e *evaluator) cardStay() *StayPeriod {
	if !e.s.hasPeriod() {
		return nil
	}
	if event, ok := e.s.transitionalEvent(); ok && (e.s.Category == TransitionalBirth || e.s.Category == TransitionalNationalityLoss) {
		return &StayPeriod{End: Date{Time: stayWithoutStatus.end(event)}}
	}
	return e.s.Stay
}

// registeredFrom turns "yes" into "from <date>" when the residence record
// is created later than today.
func (e *evaluator) registeredFrom() {
	r := e.s.RegisteredOn
	if r == nil || e.can.Answer != AnswerYes || !r.After(e.today) {
		return
	}
	from := *r
	e.can = CanApply{Answer: AnswerFromDate, From: &from, Reason: "residency.canApply.fromRegistration", Source: "Basic Resident Registration Act art. 30-45; facts.md"}
	e.registered = false
}

func (e *evaluator) result() Evaluation {
	out := Evaluation{
		Today:        Date{Time: e.today},
		Category:     e.s.Category,
		Registered:   e.registered,
		CanApply:     e.can,
		Flags:        []Flag{},
		Deadlines:    e.deadlines,
		Card:         e.cardV,
		CombinedCard: e.combined,
		Referrals:    []Referral{},
	}
	if out.Deadlines == nil {
		out.Deadlines = []Deadline{}
	}
	slices.SortStableFunc(out.Deadlines, func(a, b Deadline) int { return a.Date.Compare(b.Date.Time) })

	byOrg := map[string]int{}
	for _, r := range flagRules {
		if !e.flags[r.id] {
			continue
		}
		out.Flags = append(out.Flags, Flag{ID: r.id, Message: r.message, Source: r.source})
		for _, ref := range r.referrals {
			i, ok := byOrg[ref.org]
			if !ok {
				i = len(out.Referrals)
				byOrg[ref.org] = i
				out.Referrals = append(out.Referrals, Referral{Org: ref.org})
			}
			if !slices.Contains(out.Referrals[i].Reasons, ref.reason) {
				out.Referrals[i].Reasons = append(out.Referrals[i].Reasons, ref.reason)
			}
		}
	}
	return out
}
