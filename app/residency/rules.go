package residency

import "time"

// This file holds every figure and rule the evaluation depends on, each with
// its source, so that a change in the law is made here and nowhere else.
// "facts.md" is /work/shared/domain/facts.md; a source ending in "(check)"
// is a reading we could not confirm in the text of the law itself.

// dayPeriod is a time limit counted in days from an event (a birth, the loss
// of nationality).
type dayPeriod struct {
	days int
	// countsEventDay is true when the day of the event is day 1, so the
	// period ends on event + days - 1. When false (Civil Code art. 140, the
	// first day is not counted) it ends on event + days.
	countsEventDay bool
	source         string
}

// monthPeriod is a time limit counted in months from the end of a day
// (Civil Code art. 140 and 143, see addMonthsCivil).
type monthPeriod struct {
	months int
	source string
}

// Time limits around a birth in Japan or a loss of Japanese nationality.
//
// Counting: the Family Register Act counts the day of birth (art. 43(1)).
// The Immigration Control Act says only "within 30 days of birth" and "60
// days"; under Civil Code art. 140 the day of birth would not be counted,
// which gives one more day. We count it for every period, so a date we show
// is never later than the legal one: a caseworker acting on it is never late.
var (
	birthNotification = dayPeriod{
		days: 14, countsEventDay: true,
		source: "Family Register Act (戸籍法) art. 49(1) (14 days) and art. 43(1) (counted from the day of birth); facts.md, Who is on the resident register",
	}
	statusApplication = dayPeriod{
		days: 30, countsEventDay: true,
		source: "Immigration Control and Refugee Recognition Act (入管法) art. 22-2(2); facts.md, Who is on the resident register. Day of birth counted by our choice (Civil Code art. 140 would give one day more)",
	}
	stayWithoutStatus = dayPeriod{
		days: 60, countsEventDay: true,
		source: "入管法 art. 22-2(1) (60 days without status); Basic Resident Registration Act art. 30-45 (経過滞在者); facts.md: with no status after 60 days the residence record is deleted",
	}
	specialPermanentApplication = dayPeriod{
		days: 60, countsEventDay: true,
		source: "Special Act on Immigration Control (入管特例法) art. 4 (application within 60 days, through the municipality); facts.md, Who is on the resident register",
	}
)

// specialPeriod is how long a foreign resident whose renewal (or change) of
// status was applied for before the end of stay may stay while it is
// decided: until the decision or two months after the end of stay, whichever
// comes first. While it runs the card can be extended to the same day, but
// only before the card expires, and only once.
var specialPeriod = monthPeriod{
	months: 2,
	source: "入管法 art. 20(6) and 21(4) (特例期間); Civil Code art. 140, 143; facts.md, The card; municipal guidance (e.g. Tokai City, Katsuragi City): extension refused once the card has expired",
}

// Card validity (facts.md, The card; MIC Ordinance No. 85 of 2014 on the
// Notification Card and Individual Number Card, art. 26 (check article)).
const (
	cardYearsAdult  = 10 // issued at cardAdultAge or over: until the 10th birthday after issuance
	cardYearsMinor  = 5  // under cardAdultAge: until the 5th birthday after issuance
	certYears       = 5  // electronic certificates, at any age
	cardAdultAge    = 18 // for applications from adultAgeChange
	cardAdultAgeOld = 20 // for applications before adultAgeChange
	// signatureMinAge: the signature certificate is normally not issued
	// under this age (facts.md, The card).
	signatureMinAge = 15
)

// adultAgeChange is the day the Civil Code's age of majority became 18 and,
// with it, the card's 10-year threshold (Act No. 59 of 2018; facts.md).
var adultAgeChange = time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)

// cardProductionMonths is the margin we advise between applying for a new
// card and the old one's expiry: J-LIS takes about a month to make a card
// (municipal guidance, e.g. Tsushima City; check).
const cardProductionMonths = 1

// dueSoonDays is the default window in which a deadline is "due soon".
const dueSoonDays = 14

// Birthdays on 29 February. In a common year we take 28 February as the
// birthday: under the Act on Age Calculation (年齢計算ニ関スル法律) with
// Civil Code art. 143(2), a person born on 29 February attains each age at
// the end of 28 February, and the Road Traffic Act (art. 92-2, note 5) deems
// 28 February the birthday of such a person in a common year. The card
// rules themselves say nothing (check); 28 February is the earlier of the
// two candidates, so the expiry shown is never later than the real one.
const leapDayBirthdayInCommonYear = 28

// Categories of foreign resident. IDs are stable: they cross the bridge and
// are stored. Five are the same strings as app/intake's residence statuses;
// intake's other statuses are statuses of residence of a mid-to-long-term
// resident (see FromIntakeStatus).
const (
	MidToLongTerm               Category = "mid_to_long_term"
	SpecialPermanent            Category = "special_permanent_resident"
	TemporaryRefuge             Category = "temporary_refuge"
	ProvisionalStay             Category = "provisional_stay"
	TransitionalBirth           Category = "transitional_birth"
	TransitionalNationalityLoss Category = "transitional_nationality_loss"
	ShortStay                   Category = "short_stay"
	NoStatus                    Category = "no_status"
	ProvisionalRelease          Category = "provisional_release"
	DiplomaticOfficial          Category = "diplomatic_official"
)

// categoryRule says what a category means for the card.
type categoryRule struct {
	label      string // message ID of the category's name
	registered bool   // on the resident register, so may apply for a card
	// permitted is true when the stay ends on a date (the permit's end, or
	// 60 days after the event for transitional stayers); the card expires
	// with it. Mid-to-long-term residents depend on their status instead.
	permitted bool
	reason    string // message ID: why they can or cannot apply
	source    string
}

var categoryRules = map[Category]categoryRule{
	MidToLongTerm: {
		label: "residency.category.mid_to_long_term", registered: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; facts.md, Who is on the resident register",
	},
	SpecialPermanent: {
		label: "residency.category.special_permanent_resident", registered: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; facts.md, Who is on the resident register",
	},
	TemporaryRefuge: {
		label: "residency.category.temporary_refuge", registered: true, permitted: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; 入管法 art. 18-2; facts.md: card expiry is the end of the permitted period",
	},
	ProvisionalStay: {
		label: "residency.category.provisional_stay", registered: true, permitted: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; 入管法 art. 61-2-4; facts.md: card expiry is the end of the permitted period",
	},
	TransitionalBirth: {
		label: "residency.category.transitional_birth", registered: true, permitted: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; 入管法 art. 22-2(1); facts.md: 60 days, card expiry is the end of the permitted period",
	},
	TransitionalNationalityLoss: {
		label: "residency.category.transitional_nationality_loss", registered: true, permitted: true,
		reason: "residency.canApply.registered",
		source: "Basic Resident Registration Act art. 30-45; 入管法 art. 22-2(1); facts.md: 60 days, card expiry is the end of the permitted period",
	},
	ShortStay: {
		label:  "residency.category.short_stay",
		reason: "residency.canApply.notRegistered.shortStay",
		source: "Basic Resident Registration Act art. 30-45; facts.md: stays of 3 months or less and 短期滞在 are not registered",
	},
	NoStatus: {
		label:  "residency.category.no_status",
		reason: "residency.canApply.notRegistered.noStatus",
		source: "Basic Resident Registration Act art. 30-45; facts.md: anyone without status of residence is not registered",
	},
	ProvisionalRelease: {
		label:  "residency.category.provisional_release",
		reason: "residency.canApply.notRegistered.provisionalRelease",
		source: "Basic Resident Registration Act art. 30-45; facts.md: persons on provisional release (仮放免) are not registered",
	},
	DiplomaticOfficial: {
		label:  "residency.category.diplomatic_official",
		reason: "residency.canApply.notRegistered.diplomatic",
		source: "Basic Resident Registration Act art. 30-45; facts.md: diplomatic and official statuses are not registered",
	},
}

// categoryOrder lists the categories registered first, for pick lists.
var categoryOrder = []Category{
	MidToLongTerm, SpecialPermanent, TemporaryRefuge, ProvisionalStay, TransitionalBirth,
	TransitionalNationalityLoss, ShortStay, NoStatus, ProvisionalRelease, DiplomaticOfficial,
}

// statusRule is one status of residence of a mid-to-long-term resident. IDs
// are app/intake's, plus the two kinds of 高度専門職, which differ here.
type statusRule struct {
	// noPeriod: a status without a period of stay; the card runs to the
	// birthday limit (facts.md: 永住者, 高度専門職2号, 特別永住者).
	noPeriod bool
	// ambiguous: intake's "highly_skilled_professional" does not say No. 1
	// (5 years) or No. 2 (no period): a period of stay, if given, decides.
	ambiguous bool
}

var statusRules = map[string]statusRule{
	"permanent_resident":            {noPeriod: true}, // 永住者
	"highly_skilled_professional_2": {noPeriod: true}, // 高度専門職2号
	"highly_skilled_professional_1": {},               // 高度専門職1号
	"highly_skilled_professional":   {ambiguous: true},
	"spouse_of_japanese":            {},
	"spouse_of_permanent_resident":  {},
	"long_term_resident":            {},
	"working":                       {},
	"student":                       {},
	"trainee_or_specified_skilled":  {},
	"dependent":                     {},
	"designated_activities":         {},
	"other":                         {},
}

// intakeCategories are app/intake's residence statuses that are categories
// of their own here; every other intake status is a status of residence of
// a mid-to-long-term resident.
var intakeCategories = map[string]Category{
	"special_permanent_resident":    SpecialPermanent,
	"temporary_refuge":              TemporaryRefuge,
	"provisional_stay":              ProvisionalStay,
	"transitional_birth":            TransitionalBirth,
	"transitional_nationality_loss": TransitionalNationalityLoss,
}

// noStatusParents are the categories of a parent that make it unlikely the
// child is granted a status (facts.md: children of parents without status
// are generally not granted status; check case by case).
var noStatusParents = map[Category]bool{NoStatus: true, ProvisionalRelease: true}

// Organisations suggested for referral, by their stable ID in the
// directory of support organisations (app/orgs), which alone holds their
// names, languages, contact and hours (facts.md, Where to refer).
const (
	OrgISSJ             = "issj"
	OrgHouterasu        = "houterasu"
	OrgFRESC            = "fresc"
	OrgISAInfo          = "isa_info"
	OrgJAR              = "jar"
	OrgUNHCR            = "unhcr_japan"
	OrgMunicipalOneStop = "municipal_onestop"
)

var orgIDs = []string{OrgISSJ, OrgHouterasu, OrgFRESC, OrgISAInfo, OrgJAR, OrgUNHCR, OrgMunicipalOneStop}

// Flags: what a caseworker must notice. Evaluate decides which apply; this
// table says what each means, where it comes from and whom to suggest.
const (
	FlagStateless                   = "stateless"
	FlagNationalityUnknown          = "nationality_unknown"
	FlagStatelessRisk               = "stateless_risk"
	FlagPossibleJapaneseNationality = "possible_japanese_nationality"
	FlagParentJapanese              = "parent_japanese"
	FlagUnregisteredBirth           = "unregistered_birth"
	FlagStatusDeadline              = "status_deadline"
	FlagSpecialPermanentDeadline    = "special_permanent_deadline"
	FlagStatusPending               = "status_pending"
	FlagStatusAppliedLate           = "status_applied_late"
	FlagRecordDeletionRisk          = "record_deletion_risk"
	FlagParentsWithoutStatus        = "parents_without_status"
	FlagParentProvisionalRelease    = "parent_provisional_release"
	FlagNotRegistered               = "not_registered"
	FlagNoStatus                    = "no_status"
	FlagProvisionalRelease          = "provisional_release"
	FlagAsylum                      = "asylum"
	FlagStayExpired                 = "stay_expired"
	FlagStayEnding                  = "stay_ending"
	FlagStayEndUnknown              = "stay_end_unknown"
	FlagStatusAmbiguous             = "status_ambiguous"
	FlagRenewalPending              = "renewal_pending"
	FlagCardExpiresWithStay         = "card_expires_with_stay"
	FlagCardExtensionAvailable      = "card_extension_available"
	FlagCardExpired                 = "card_expired"
	FlagCardExpiring                = "card_expiring"
	FlagCertificateExpiring         = "certificate_expiring"
	FlagCardValidityChange          = "card_validity_change"
	FlagCombinedCardValidity        = "combined_card_validity"
	FlagCombinedCardRenewal         = "combined_card_renewal"
)

type referralRule struct {
	org    string
	reason string // message ID
}

type flagRule struct {
	id        string
	message   string // message ID
	source    string
	referrals []referralRule
}

// flagRules are in the order flags are shown: most urgent kind first.
var flagRules = []flagRule{
	{FlagUnregisteredBirth, "residency.flag.unregistered_birth",
		"Family Register Act art. 49; facts.md: the municipality creates the residence record after the birth notification",
		[]referralRule{{OrgMunicipalOneStop, "residency.referral.municipal_onestop.birth"}, {OrgISSJ, "residency.referral.issj.birth"}}},
	{FlagRecordDeletionRisk, "residency.flag.record_deletion_risk",
		"入管法 art. 22-2; facts.md: with no status after 60 days the residence record is deleted",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.status"}, {OrgISSJ, "residency.referral.issj.child"}, {OrgFRESC, "residency.referral.fresc.immigration"}}},
	{FlagStatusDeadline, "residency.flag.status_deadline",
		"入管法 art. 22-2(2); facts.md: apply for a status within 30 days of birth if staying beyond 60 days",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.status"}, {OrgFRESC, "residency.referral.fresc.immigration"}}},
	{FlagSpecialPermanentDeadline, "residency.flag.special_permanent_deadline",
		"入管特例法 art. 4; facts.md: with a special-permanent-resident parent, apply within 60 days via the municipality",
		nil},
	{FlagStatusPending, "residency.flag.status_pending",
		"入管法 art. 22-2; facts.md (check: whether the record is kept while the application is decided)",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.status"}}},
	{FlagStatusAppliedLate, "residency.flag.status_applied_late",
		"入管法 art. 22-2(2); facts.md",
		[]referralRule{{OrgFRESC, "residency.referral.fresc.immigration"}}},
	{FlagParentsWithoutStatus, "residency.flag.parents_without_status",
		"facts.md: children of parents without status are generally not granted status (check case by case)",
		[]referralRule{{OrgISSJ, "residency.referral.issj.child"}, {OrgFRESC, "residency.referral.fresc.immigration"}, {OrgHouterasu, "residency.referral.houterasu.infoOnly"}}},
	{FlagParentProvisionalRelease, "residency.flag.parent_provisional_release",
		"facts.md: JAR supports asylum seekers incl. 仮放免 (and their families)",
		[]referralRule{{OrgJAR, "residency.referral.jar.provisionalRelease"}}},
	{FlagStayExpired, "residency.flag.stay_expired",
		"入管法 art. 20, 21; facts.md: no status means no registration",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.stay"}, {OrgFRESC, "residency.referral.fresc.immigration"}}},
	{FlagNoStatus, "residency.flag.no_status",
		"Basic Resident Registration Act art. 30-45; facts.md",
		[]referralRule{{OrgFRESC, "residency.referral.fresc.immigration"}, {OrgHouterasu, "residency.referral.houterasu.infoOnly"}}},
	{FlagProvisionalRelease, "residency.flag.provisional_release",
		"facts.md: JAR supports asylum seekers incl. 仮放免; UNHCR takes individual cases via JAR",
		[]referralRule{{OrgJAR, "residency.referral.jar.provisionalRelease"}}},
	{FlagAsylum, "residency.flag.asylum",
		"入管法 art. 18-2, 61-2-4; facts.md, Where to refer",
		[]referralRule{{OrgJAR, "residency.referral.jar.asylum"}}},
	{FlagNotRegistered, "residency.flag.not_registered",
		"Basic Resident Registration Act art. 30-45; facts.md",
		nil},
	{FlagStateless, "residency.flag.stateless",
		"facts.md, Stateless persons; Where to refer",
		[]referralRule{{OrgISSJ, "residency.referral.issj.stateless"}, {OrgUNHCR, "residency.referral.unhcr_japan.stateless"}}},
	{FlagStatelessRisk, "residency.flag.stateless_risk",
		"facts.md: a child whose birth was not reported to the parent's embassy can be stateless even if the card names a nationality",
		[]referralRule{{OrgISSJ, "residency.referral.issj.stateless"}}},
	{FlagNationalityUnknown, "residency.flag.nationality_unknown",
		"facts.md, Stateless persons",
		[]referralRule{{OrgISSJ, "residency.referral.issj.stateless"}}},
	{FlagPossibleJapaneseNationality, "residency.flag.possible_japanese_nationality",
		"Nationality Act (国籍法) art. 2(iii): a child born in Japan whose parents are both unknown or stateless is Japanese",
		[]referralRule{{OrgISSJ, "residency.referral.issj.nationality"}, {OrgHouterasu, "residency.referral.houterasu.legal"}}},
	{FlagParentJapanese, "residency.flag.parent_japanese",
		"Nationality Act art. 2(i) and 3 (check parentage and acknowledgement case by case)",
		[]referralRule{{OrgHouterasu, "residency.referral.houterasu.legal"}, {OrgFRESC, "residency.referral.fresc.legal"}}},
	{FlagRenewalPending, "residency.flag.renewal_pending",
		specialPeriod.source,
		nil},
	{FlagStayEnding, "residency.flag.stay_ending",
		"入管法 art. 21; facts.md: no reminder is sent to the holder",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.stay"}}},
	{FlagStayEndUnknown, "residency.flag.stay_end_unknown",
		"facts.md, The card: the card ends with the period of stay",
		nil},
	{FlagStatusAmbiguous, "residency.flag.status_ambiguous",
		"facts.md, The card: 高度専門職2号 has no period of stay, 1号 has one",
		nil},
	{FlagCardExpired, "residency.flag.card_expired",
		"facts.md, The card",
		nil},
	{FlagCardExtensionAvailable, "residency.flag.card_extension_available",
		specialPeriod.source,
		nil},
	{FlagCardExpiring, "residency.flag.card_expiring",
		"facts.md, The card",
		nil},
	{FlagCardExpiresWithStay, "residency.flag.card_expires_with_stay",
		"facts.md, The card: foreign residents with a period of stay; no reminder is sent to the holder",
		nil},
	{FlagCertificateExpiring, "residency.flag.certificate_expiring",
		"facts.md, The card: electronic certificates until the 5th birthday after issuance",
		nil},
	{FlagCardValidityChange, "residency.flag.card_validity_change",
		validityChangeSource,
		nil},
	{FlagCombinedCardValidity, "residency.flag.combined_card_validity",
		specifiedCardSource + "; the validity of new-style cards (FAQ Q4-3) and the My Number functions during the special period (Q5-3) are not encoded here: staff read the card and ask the bureau",
		[]referralRule{{OrgISAInfo, "residency.referral.isa_info.combinedCard"}}},
	{FlagCombinedCardRenewal, "residency.flag.combined_card_renewal",
		specifiedCardSource,
		nil},
}

// validityChangeSource: a My Number Card that follows the period of stay
// keeps the old end after a renewal until its validity is changed at the
// municipal office, which must be done before the card's expiry or the card
// lapses (reissue for a fee). No reminder is sent.
const validityChangeSource = "municipal guidance (e.g. Takasaki City, updated 2024-09-03; Matsudo City, 2025-07-25; Ashiya City, 2024-12-02): " +
	"change the card's validity within its validity, else it lapses; never past the 10th (5th) birthday after issuance; facts.md, Since 2026-06"

// Deadline IDs.
const (
	DeadlineBirthNotification           = "birth_notification"
	DeadlineStatusApplication           = "status_application"
	DeadlineSpecialPermanentApplication = "special_permanent_application"
	DeadlineRecordDeletion              = "record_deletion"
	DeadlineStayEnd                     = "stay_end"
	DeadlineSpecialPeriodEnd            = "special_period_end"
	DeadlineCardExpiry                  = "card_expiry"
	DeadlineCardRenewBy                 = "card_renew_by"
	DeadlineCardExtensionBy             = "card_extension_by"
	DeadlineCertificateExpiry           = "certificate_expiry"
	DeadlineCardValidityChange          = "card_validity_change"
)

type deadlineRule struct {
	message string // message ID
	source  string
}

var deadlineRules = map[string]deadlineRule{
	DeadlineBirthNotification:           {"residency.deadline.birth_notification", birthNotification.source},
	DeadlineStatusApplication:           {"residency.deadline.status_application", statusApplication.source},
	DeadlineSpecialPermanentApplication: {"residency.deadline.special_permanent_application", specialPermanentApplication.source},
	DeadlineRecordDeletion:              {"residency.deadline.record_deletion", stayWithoutStatus.source},
	DeadlineStayEnd:                     {"residency.deadline.stay_end", "入管法 art. 21; residence card or permit"},
	DeadlineSpecialPeriodEnd:            {"residency.deadline.special_period_end", specialPeriod.source},
	DeadlineCardExpiry:                  {"residency.deadline.card_expiry", "facts.md, The card"},
	DeadlineCardRenewBy:                 {"residency.deadline.card_renew_by", "facts.md, The card; card production takes about a month (check)"},
	DeadlineCardExtensionBy:             {"residency.deadline.card_extension_by", specialPeriod.source},
	DeadlineCertificateExpiry:           {"residency.deadline.certificate_expiry", "facts.md, The card: electronic certificates until the 5th birthday after issuance"},
	DeadlineCardValidityChange:          {"residency.deadline.card_validity_change", validityChangeSource},
}

// Answers to "can this person apply for a card?".
const (
	AnswerYes      = "yes"
	AnswerNo       = "no"
	AnswerFromDate = "from_date"
)

// Deadline statuses relative to today.
const (
	StatusOverdue = "overdue"
	StatusDueSoon = "due_soon"
	StatusLater   = "later"
	StatusMet     = "met" // done (the date it was done is in Done)
)

var statusMessages = map[string]string{
	StatusOverdue: "residency.deadlineStatus.overdue",
	StatusDueSoon: "residency.deadlineStatus.dueSoon",
	StatusLater:   "residency.deadlineStatus.later",
	StatusMet:     "residency.deadlineStatus.met",
}

// What a card's expiry is based on (CardValidity.Basis).
const (
	BasisBirthday10   = "birthday_10"
	BasisBirthday5    = "birthday_5"
	BasisPeriodOfStay = "period_of_stay"
	BasisRenewedStay  = "renewed_period_of_stay"
)

// What to do by CardValidity.RenewBy (message IDs).
const (
	renewByBirthday = "residency.card.renewBy.birthday"
	renewByStay     = "residency.card.renewBy.periodOfStay"
	renewByPending  = "residency.card.renewBy.renewalPending"
)

// renewByValidityChange: the stay was renewed, the card still shows the old
// end; change its validity at the municipal office before that day.
const renewByValidityChange = "residency.card.renewBy.validityChange"

// Card kinds (CardFacts.Kind). Since 2026-06-14 a mid-to-long-term resident
// or a special permanent resident on the resident register may hold, instead
// of a residence card (special permanent resident certificate) and a My
// Number Card, one card that is both: the 特定在留カード (特定特別永住者証明書).
// It is optional; two cards remain possible.
const (
	CardMyNumber                  = "mynumber"
	CardSpecifiedResidence        = "specified_residence"
	CardSpecifiedSpecialPermanent = "specified_special_permanent"
)

// specifiedCardSource is where the rules on the combined cards come from.
const specifiedCardSource = "Immigration Control Act as revised by Act No. 59 of 2024 (promulgated 2024-06-21); " +
	"Immigration Services Agency, FAQ 特定在留カード等 (Q1-2, Q1-3, Q1-4, Q2-1), seen 2026-12-07; facts.md, Since 2026-06"

// specifiedCards is when the combined cards began: in operation from
// 2026-06-14 (a Sunday), applications taken from Monday 2026-06-15.
var specifiedCards = struct {
	operation, applications time.Time
}{
	operation:    time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC),
	applications: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC),
}

// cardKindRule is what one kind of card means here.
type cardKindRule struct {
	// category is the only category that may hold the card; "" for any
	// registered one.
	category Category
	// combined: the card is also the residence card (special permanent
	// resident certificate). Its printed items and validity come from the
	// immigration bureau, which issues a new card with a renewal of stay:
	// the holder does not have its validity changed at the municipal office
	// (ISA FAQ Q1-2).
	combined bool
}

var cardKindRules = map[string]cardKindRule{
	CardMyNumber:                  {},
	CardSpecifiedResidence:        {category: MidToLongTerm, combined: true},
	CardSpecifiedSpecialPermanent: {category: SpecialPermanent, combined: true},
}

// specifiedKinds is which combined card each category may ask for.
var specifiedKinds = map[Category]string{
	MidToLongTerm:    CardSpecifiedResidence,
	SpecialPermanent: CardSpecifiedSpecialPermanent,
}

// Where a combined card is applied for (ISA FAQ Q2-1): at the regional
// immigration bureau with a stay application or a residence-card
// application or notification; at the municipal counter with a moving-in
// (or other) notification that counts as the residence-place notification.
// Papers: 特定在留カード等交付申請書, 暗証番号等設定依頼書, one photo.
var specifiedCardWhere = []string{
	"residency.combinedCard.where.immigrationBureau",
	"residency.combinedCard.where.municipalCounter",
}
