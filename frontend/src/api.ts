// The typed bridge to the Go desk facade (app/desk), bound by Wails as window.go.desk.Desk.
// Every call returns a promise; a rejected call carries a Failure (see below), never a bare string.

export type Role = "counter" | "supervisor" | "ngo" | "callcentre" | "admin";

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  staffLanguage: string; // BCP 47 tag of the language this staff member's screens use
  org: string; // NGO caseworkers: the directory ID of their organisation ("" for other roles, or not yet set)
}

// An account as the administrator's list shows it: lockedUntil is when the lock set by wrong passwords ends
// (RFC 3339, UTC), "" when the account is not locked.
export interface Account extends User {
  lockedUntil: string;
}

// A problem the user can act on: a message ID from locales/, its arguments, and the form field it concerns.
export interface Problem {
  field?: string;
  id: string;
  args?: Record<string, string | number>;
}

// What a rejected call carries. Validation failures list one problem per field, in field order.
export interface Failure {
  problems: Problem[];
}

export interface Language {
  tag: string; // "ja", "en"
  name: string; // the language's own name ("日本語", "English")
  status?: "source" | "reviewed" | "machine"; // how its file was made (docs/translating.md)
  note?: string; // the same, in the language itself
}

export interface Boot {
  version: string;
  needsAdmin: boolean; // first run: no account exists yet
  user: User | null; // signed-in user; null when no one is, and while idle-locked: the lock screen names no one
  locked: boolean; // signed in but idle-locked: ask for the password again
  idleMinutes: number;
  languages: Language[];
  openDraftId: number; // the signed-in user's latest draft application, 0 if none
  // Encryption at rest: "needsSetup" (ask for a new data passphrase), "locked" (ask for it), "open".
  protection: Protection;
}

export type Protection = "needsSetup" | "locked" | "open";

export type StepID =
  | "language" | "name" | "kana" | "birth" | "sex" | "address"
  | "nationality" | "residence" | "contact" | "number" | "check";

export type Answers = Record<string, string>;

export interface EraDate {
  era: "meiji" | "taisho" | "showa" | "heisei" | "reiwa";
  year: number; // 1 = 元年
  month: number;
  day: number;
}

export interface Application {
  id: number;
  status: "draft" | "ready";
  step: StepID; // where the applicant is; resumes here after a restart
  steps: StepID[]; // the steps that apply, in order, ending with "check"
  answers: Answers;
  birthDate: string; // ISO yyyy-mm-dd, "" until the birth step is done
  birthEra: EraDate | null;
  updatedAt: string;
  version: number; // row version: the desk refuses a change made from an older version (intake.error.conflict)
  handedOver: Handover | null; // set once the card has been given to the applicant
  number: NumberView | null; // the Individual Number, masked; null when none was ever recorded
}

// What a screen may show of an Individual Number: never its digits (RevealNumber gives those to counter staff).
export interface NumberView {
  masked: string; // "•••• •••• 9018"; "" once destroyed
  source: "typed" | "card" | "";
  recordedAt: string;
  destroyedAt: string; // set once destroyed
  destroyed: "" | "retention" | "withdrawn" | "abandoned";
}

export interface Handover {
  at: string;
  by: number;
  matched: boolean; // the chip's four basic items equalled the record
  differing?: BasicItem[]; // when a supervisor overrode
  overrideBy?: number;
  reason?: string;
}

// Another application whose person looks like this one's (app/people): never merged, only shown side by side
// so staff can ask the applicant. reasons are message IDs (people.similar.reason.*).
export interface SimilarApplication {
  id: number;
  status: "draft" | "ready";
  name: string;
  nameKana: string;
  birthDate: string; // ISO
  address: string;
  sex: string; // male | female | unstated | ""
  reasons: string[];
}

// ---- cards (app/card through the desk) ----

export interface Reader {
  name: string;
  cardPresent: boolean;
}

// Pushed by the backend as Wails event "card:event" whenever a card or reader comes or goes.
export interface CardEvent {
  reader: string;
  kind: "inserted" | "removed" | "readerAdded" | "readerRemoved";
}

// Pushed as Wails event "card:progress" during a read, for a progress indicator.
export interface CardProgress {
  reader: string;
  done: number;
  total: number;
}

// Tries left on each PIN, read with an empty VERIFY: reading them never spends a try.
export interface PinTries {
  cardInfo: number; // card-info input support PIN (4 digits): the one the handover check asks for
  auth: number; // user-authentication PIN (4 digits)
  signature: number; // signature password (6–16 characters)
}

export interface CardStatus {
  reader: string;
  myNumberCard: boolean; // identified by selecting its applications, not by ATR
  token: "card" | "smartphone" | "oldCard" | "unknown" | ""; // "" when not a My Number card
  tries: PinTries;
  certificateExpiry: string; // ISO date of the user-authentication certificate's end, "" if unreadable
}

export type BasicItem = "name" | "address" | "birthDate" | "sex";

export interface ItemComparison {
  item: BasicItem;
  same: boolean; // after normalisation (width, spaces, kana, old/new kanji, address number forms)
  card: string; // as on the chip
  record: string; // as in the application
}

export interface CardValidity {
  cardExpiry: string; // ISO date
  certificateExpiry: string; // ISO date
  renewBy: string; // ISO date from which renewal should be started
  reasonId: string; // message ID explaining which rule set the card expiry
}

export interface HandoverCheck {
  applicationId: number;
  items: ItemComparison[]; // name, address, birthDate, sex
  allMatch: boolean;
  chipData: "authentic" | "notAuthentic" | "notVerified"; // signature over the chip data
  chipDataReasonId: string; // message ID: why not verified / not authentic ("" when authentic)
  numberMasked: string; // counter role only (e.g. "•••• •••• 9018"), "" for other roles
  numberCheckDigitOK: boolean;
  validity: CardValidity | null;
}

// A supervisor's decision to hand over a card that differs from the record: the supervisor
// authenticates on this desk with their own account; the reason is recorded.
export interface SupervisorOverride {
  username: string;
  password: string;
  reason: string;
}

export interface ApplicationSummary {
  id: number;
  status: "draft" | "ready";
  name: string;
  nameKana: string;
  birthDate: string;
  updatedAt: string;
}

// ApplicationSearch is what a search found: the newest matching applications (at most 50), and whether more match.
export interface ApplicationSearch {
  applications: ApplicationSummary[];
  more: boolean;
}

export interface Choices {
  countries: string[]; // ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the staff language
  residenceStatuses: string[]; // IDs; label message "residence.status.<id>"
  eras: string[]; // "meiji".."reiwa"; label message "date.era.<id>"
}

// ---- audit trail (supervisor only) ----

export type AuditAction =
  | "signIn" | "signOut" | "signInFailed" | "lock" | "unlock" | "read" | "create" | "change" | "delete" | "export"
  | "print" | "copy" | "override" | "handover" | "vaultSetup" | "vaultUnlock" | "vaultLocked" | "keyRotate" | "userCreate"
  | "userChange" | "accountLocked" | "accountUnlocked";

// One line of the audit trail (app/audit Entry): identifiers only, plus a supervisor's reason (opened for the
// supervisor; sealed at rest).
export interface AuditEntry {
  seq: number;
  at: string; // RFC 3339, UTC
  userId: number; // 0: no known account (a failed sign-in)
  role: string; // "" when no account is known
  action: AuditAction; // label message "audit.action.<action>"
  recordType: string; // "" for none; label message "audit.recordType.<type>"
  recordId: number; // 0 for none
  reason: string;
  hash: string;
}

// The filter form, as typed: Go checks it (problems on from, to, action, recordType, recordId, reason).
export interface AuditSearch {
  from: string; // YYYY-MM-DD, a day in the desk PC's time zone; "" for no limit
  to: string; // last day, included
  userId: number; // 0 for everyone
  action: string; // "" for every action
  recordType: string;
  recordId: string; // digits; needs recordType
  reason: string; // text the reason contains (case and width ignored)
}

export interface AuditChoices {
  staff: User[]; // every account: to filter by, and to name the entries
  actions: AuditAction[];
  recordTypes: string[]; // kinds of record the trail mentions
  pageSize: number;
  canSaveCopy: boolean; // the window can open a save dialog (SaveAuditCopy)
}

export interface AuditPage {
  entries: AuditEntry[]; // newest first
  total: number; // entries matching the filter
  page: number; // 1-based
  pageSize: number;
}

// The chain check (app/audit Report): broken is null when whole; otherwise the first broken link, whose message
// is "audit.error.chain.<kind>" {Seq}.
export interface AuditReport {
  entries: number;
  intact: number; // entries 1..intact chain correctly
  lastSeq: number;
  lastHash: string;
  broken: { seq: number; kind: "changed" | "deleted" | "reordered" | "badGenesis" | "noAnchor" } | null;
  since: number; // 0: walked from the first entry; else entries 1..since were checked earlier, only later ones now
  walked: number; // when whole: the entries this check read
}

export interface AuditExport {
  path: string; // where the CSV was written: <data dir>/exports/audit-<time>.csv
  name: string; // its file name, for SaveAuditCopy
  rows: number;
}

// ---- lost and stolen cards (app/lostcard through the desk; call-centre role) ----

export type LostCardStatus = "open" | "suspended" | "reissueApplied" | "closed" | "found" | "lifted";

// The fees, windows, phone lines and choices of app/lostcard/rules.go: screens never hold their own.
export interface LostCardRules {
  reissueFee: number;
  reissueFeeNoCertificates: number;
  expressFee: number;
  expressWindowDays: number;
  suspensionLine: string;
  suspensionLineOption: number;
  suspensionLineForeign: string;
  foreignLineLanguages: string[];
  lostItems: string[]; // card | smartphone | both; label lostcard.lostItem.<id>
  phoneSystems: string[]; // android | iphone; label lostcard.phoneSystem.<id>
  kinds: string[]; // lost | stolen; label lostcard.kind.<id>
  places: string[]; // outside | home | fire; label lostcard.place.<id>
  sexes: string[]; // male | female | unstated; label people.sex.<id>
  statuses: LostCardStatus[]; // label lostcard.status.<id>
  evidence: Record<string, Record<string, LostCardReport["evidence"]>>; // kind → place → the document the loss needs
}

// One row of the follow-up list, or a report of the same person (all four basic items match).
export interface LostCardSummary {
  id: number;
  status: LostCardStatus;
  callerLanguage: string;
  name: string;
  startedAt: string; // UTC
  expressUntil: string; // yyyy-mm-dd, "" when none
  version: number;
}

export interface LostCardReport {
  id: number;
  status: LostCardStatus;
  callerLanguage: string; // catalog tag, "" until asked
  answers: Answers; // name, address, birthDate, sex, lostItem, phoneSystem, kind, place, lostOn, lostWhere, ...
  startedAt: string; // UTC: recorded by Go when the report started
  updatedAt: string;
  version: number; // row version: a change from an older version is refused (lostcard.error.conflict)
  evidence: "" | "police" | "explanation" | "disaster"; // the document the loss needs
  expressUntil: string; // yyyy-mm-dd: last day to ask for express issue, "" when none
  next: LostCardStatus[]; // statuses it may move to
  samePerson: LostCardSummary[]; // other unfinished reports of the same person: a warning
}

// The caller's guidance, rendered by Go: in the caller's language and in the agent's.
export interface LostCardGuidance {
  language: string;
  caller: string[];
  staff: string[];
}

export interface Count {
  key: string;
  count: number;
}

export interface LostCardFigures {
  from: string;
  to: string;
  days: number;
  total: number;
  perDay: Count[]; // every day of the period, zeros included
  byLanguage: Count[]; // key "" = not asked
  byOutcome: Count[]; // every status in lifecycle order
}

// ---- directory of support organisations (app/orgs) ----

export interface Org {
  id: string; // stable key (residency suggestions and referrals use it)
  num: number;
  nameJa: string;
  nameEn: string;
  takesJa: string;
  takesEn: string;
  languages: string;
  phone: string;
  contact: string;
  hours: string;
  active: boolean; // offered as a referral destination
  updatedAt: string;
}

export interface ImportResult {
  added: number;
  updated: number;
}

// ---- cases and referrals (app/cases): counter, supervisor and ngo; an NGO caseworker sees only the cases of
// their own organisation. No Individual Number anywhere. ----

export interface Person {
  name: string;
  language: string; // the person's language tag: letters are printed in it and in Japanese
  contact: string;
  notes: string;
}

// The situation section as typed; Go validates and evaluates it (app/residency).
export interface SituationForm {
  category: string;
  status: string;
  nationality: string;
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  bornInJapan: "" | "yes" | "no";
  birthNotified: "" | "yes" | "no";
  notifiedDay: string;
  notifiedMonth: string;
  notifiedYear: string;
  statusApplied: "" | "yes" | "no";
  appliedDay: string;
  appliedMonth: string;
  appliedYear: string;
  parentCategory: string;
  parentNationality: string;
  stayEndDay: string;
  stayEndMonth: string;
  stayEndYear: string;
}

export interface Flag {
  id: string;
  message: string; // message ID
  source: string;
}

export interface Deadline {
  id: string;
  date: string; // ISO, the last day
  status: "overdue" | "due_soon" | "later" | "met";
  statusMessage: string;
  daysLeft: number; // negative when past
  done?: string;
  message: string; // message ID
  source: string;
}

export interface Evaluation {
  today: string;
  category: string;
  registered: boolean;
  canApply: { answer: "yes" | "no" | "from_date" | "unknown"; from?: string; reason: string; source: string };
  // May they ask for the 特定在留カード (特定特別永住者証明書) instead of two cards, and where (message IDs).
  combinedCard: {
    kind?: "specified_residence" | "specified_special_permanent";
    answer: "yes" | "no" | "from_date";
    from?: string;
    reason: string;
    where: string[] | null;
    source: string;
  };
  flags: Flag[];
  deadlines: Deadline[]; // earliest first
  referrals: { org: string; reasons: string[] }[]; // suggested organisations (directory IDs) and why (message IDs)
}

export type ReferralStatus = "draft" | "sent" | "accepted" | "declined" | "closed";

export interface Consent {
  givenBy: string;
  relationship: string;
  fields: string[];
  with: string; // the organisation consented to (directory ID)
  day: string; // ISO
  method: "signed" | "spoken" | "spoken_interpreter";
  interpreterLanguage: string;
  interpreterName: string;
  recordedBy: number;
}

export interface ConsentForm {
  givenBy: string;
  relationship: string;
  fields: string[];
  day: string;
  month: string;
  year: string;
  method: string;
  interpreterLanguage: string;
  interpreterName: string;
}

export interface Referral {
  id: number;
  caseId: number;
  org: string;
  reason: string;
  status: ReferralStatus;
  outcome: string;
  followUp: string; // ISO or ""
  consent: Consent | null;
  override: { by: number; reason: string; at: string } | null;
  sentAt: string;
  version: number; // row version: a change made from an older one is refused (cases.error.conflict)
}

export interface Case {
  id: number;
  org: string;
  person: Person;
  situation: SituationForm;
  evaluation: Evaluation | null; // null until a situation is saved
  referrals: Referral[];
  createdAt: string;
  updatedAt: string;
  version: number; // row version: a change made from an older one is refused (cases.error.conflict)
}

export interface CaseSummary {
  id: number;
  name: string;
  updatedAt: string;
}

export interface DueItem {
  caseId: number;
  caseName: string;
  kind: "deadline" | "followUp";
  message: string;
  referralId?: number;
  org?: string;
  date: string;
  daysLeft: number;
  status: "overdue" | "due_soon";
}

export interface Dashboard {
  today: string;
  items: DueItem[]; // most urgent first
  overdue: number;
  dueSoon: number;
  buckets: { id: "overdue" | "week1" | "week2"; count: number }[];
}

export interface CaseChoices {
  categories: { id: string; label: string; registered: boolean }[];
  statuses: string[];
  countries: string[]; // ISO codes plus "stateless", "unknown"
  languages: Language[];
  relationships: string[];
  methods: string[];
  fields: string[];
  outcomes: string[];
}

// Only the consented fields are present; never an Individual Number.
export interface Letter {
  referralId: number;
  day: string;
  language: string;
  to: Org;
  reason: string;
  consent: Consent | null;
  override: boolean;
  shared: string[];
  name?: string;
  birthDate?: string;
  nationality?: string;
  personLanguage?: string;
  contact?: string;
  situation?: { category: string; flags: string[]; deadlines: Deadline[] };
  notes?: string;
}

type DeskMethods = {
  Boot(): Promise<Boot>;
  Touch(): Promise<void>; // records activity; rejects with auth.locked when the idle limit passed
  CreateAdmin(username: string, displayName: string, password: string, confirm: string): Promise<User>;
  // first run (or a signed-in admin on an older database): the passphrase that wraps the data key
  SetUpProtection(passphrase: string, confirm: string): Promise<void>;
  // a PC whose keyring lacks the data key: the administrator's passphrase opens it
  UnlockData(passphrase: string): Promise<void>;
  // the Individual Number (counter staff only; each reveal is recorded) and its retention (admin)
  RevealNumber(applicationId: number): Promise<string>; // grouped 4-4-4 as the card prints it
  // reads it from the applicant's own card (all four basic items must match the application) and records it
  ReadNumberFromCard(applicationId: number, reader: string, pin: string, confirmLastTry: boolean): Promise<Application>;
  NumberRetentionDays(): Promise<number>;
  SetNumberRetentionDays(days: number): Promise<number>;
  // refused with auth.signin.error.tooMany (args Count: minutes) while too many wrong passwords make it wait
  SignIn(username: string, password: string): Promise<User>;
  // the idle-locked desk's own user; the third wrong password signs out (auth.unlock.error.signedOut)
  Unlock(password: string): Promise<User>;
  SignOut(): Promise<void>;
  SetStaffLanguage(tag: string): Promise<User>;
  // admin
  ListUsers(): Promise<Account[]>;
  UnlockUser(userId: number): Promise<Account>; // lifts a lock set by wrong passwords before it ends; recorded
  CreateUser(username: string, displayName: string, role: Role, password: string, confirm: string): Promise<User>;
  SetIdleMinutes(minutes: number): Promise<number>;
  SetUserOrg(userId: number, org: string): Promise<User>; // NGO accounts only; "" clears
  // directory of support organisations: read by counter, supervisor, ngo, admin; changed by admin only
  ListOrgs(): Promise<Org[]>;
  SaveOrg(org: Org, create: boolean): Promise<Org>;
  ExportOrgsCSV(): Promise<string>; // UTF-8 with BOM, CRLF
  // Writes the CSV where the user chooses in the window's save dialog; "" when cancelled. Outside the window it
  // rejects with desk.error.noSaveDialog (then use ExportOrgsCSV).
  SaveOrgsCSV(): Promise<string>;
  // All rows or none: rejects with one problem per wrong row (args Row, Column), nothing imported.
  ImportOrgsCSV(text: string): Promise<ImportResult>;
  // cases (counter, supervisor, ngo)
  CaseChoices(): Promise<CaseChoices>;
  ListCases(): Promise<CaseSummary[]>;
  CreateCase(person: Person): Promise<Case>;
  GetCase(id: number): Promise<Case>;
  // version: the case's version the change was made from (Case.version as shown).
  SaveCasePerson(id: number, version: number, person: Person): Promise<Case>;
  SaveSituation(id: number, version: number, form: SituationForm): Promise<Case>;
  DueDashboard(): Promise<Dashboard>;
  CreateReferral(caseId: number, input: { org: string; reason: string }): Promise<Referral>;
  // version: the referral's version the change was made from (Referral.version as shown).
  RecordConsent(referralId: number, version: number, form: ConsentForm): Promise<Referral>; // draft only
  // Rejects with cases.referral.error.noConsent unless consent is recorded or a supervisor overrides.
  SendReferral(referralId: number, version: number, override: SupervisorOverride | null): Promise<Referral>;
  UpdateReferral(referralId: number, version: number, status: string, outcome: string, followUp: string): Promise<Referral>;
  ReferralLetter(referralId: number): Promise<Letter>;
  PrintReferralLetter(referralId: number): Promise<void>; // records the print in the audit trail
  // intake (counter, supervisor, admin)
  Choices(): Promise<Choices>;
  StartApplication(): Promise<Application>;
  GetApplication(id: number): Promise<Application>;
  SaveStep(id: number, step: StepID, answers: Answers): Promise<Application>;
  OpenStep(id: number, step: StepID): Promise<Application>; // back link / Change: records where the user is
  SubmitApplication(id: number): Promise<Application>;
  SearchApplications(query: string): Promise<ApplicationSearch>;
  NextApplicant(): Promise<void>; // forgets the current application on the backend side too
  // Other applications whose person is similar (same birth date and similar name, same name and other birth
  // date, same address and similar name). Empty when none. Reading them is recorded in the audit trail.
  SimilarApplications(id: number): Promise<SimilarApplication[]>;
  // cards (counter, supervisor)
  ListReaders(): Promise<Reader[]>;
  CardStatus(reader: string): Promise<CardStatus>; // never sends a PIN
  // Reads the chip with the card-info input support PIN and compares its four basic items with the application.
  // Rejects (field "pin") with card.pin.lastTry when one try is left and confirmLastTry is false,
  // card.pin.blocked when none is left, card.pin.wrong {Count} on a wrong PIN, card.pin.format for anything but
  // 4 digits — never spending a try the user did not ask for.
  CheckHandover(applicationId: number, reader: string, pin: string, confirmLastTry: boolean): Promise<HandoverCheck>;
  // Records the handover after a CheckHandover of this application on this desk. override is null when all four
  // items matched; otherwise a supervisor's credentials and reason (rejects otherwise).
  CompleteHandover(applicationId: number, override: SupervisorOverride | null): Promise<Application>;
  // audit trail (supervisor)
  AuditChoices(): Promise<AuditChoices>;
  SearchAudit(search: AuditSearch, page: number): Promise<AuditPage>; // page from 1; reasons opened
  VerifyAudit(): Promise<AuditReport>; // the entries since the last whole check (its checkpoint), or the whole chain
  ExportAudit(search: AuditSearch): Promise<AuditExport>; // CSV into the data folder; the export is recorded
  // Opens the save dialog (window only) and copies the export there, recorded as another export; "" if cancelled.
  SaveAuditCopy(name: string): Promise<string>;
  // lost and stolen cards (callcentre; LostCardFigures also supervisor)
  LostCardRules(): Promise<LostCardRules>;
  StartLostCardReport(): Promise<LostCardReport>; // the report's time is recorded by Go now
  GetLostCardReport(id: number): Promise<LostCardReport>;
  // Checks the format of the fields given and saves them ("" clears one); rejects with {field, id} problems.
  SaveLostCardReport(id: number, answers: Answers): Promise<LostCardReport>;
  // Saves the fields given and moves the report to status `to`, if the lifecycle allows it and the report holds
  // what that status needs (one problem per missing field, in form order).
  MoveLostCardReport(id: number, to: LostCardStatus, answers: Answers): Promise<LostCardReport>;
  LostCardFollowUps(): Promise<LostCardSummary[]>;
  GetLostCardGuidance(id: number): Promise<LostCardGuidance>;
  RecordLostCardGuidance(id: number, how: "print" | "copy"): Promise<void>; // audit record
  LostCardFigures(days: number): Promise<LostCardFigures>;
};

declare global {
  interface Window {
    go?: { desk?: { Desk?: DeskMethods } };
  }
}

function desk(): DeskMethods {
  const d = window.go?.desk?.Desk;
  if (!d) throw { problems: [{ id: "app.error.bridge" }] } satisfies Failure;
  return d;
}

// asFailure turns anything a call rejected with into a Failure the screens can render.
export function asFailure(err: unknown): Failure {
  if (err && typeof err === "object" && Array.isArray((err as Failure).problems)) return err as Failure;
  if (typeof err === "string") {
    try {
      const parsed = JSON.parse(err);
      if (parsed && Array.isArray(parsed.problems)) return parsed as Failure;
    } catch {
      /* not JSON: fall through */
    }
  }
  return { problems: [{ id: "app.error.unexpected" }] };
}

// api forwards each method to the bridge, normalising rejections to Failure.
export const api: DeskMethods = new Proxy({} as DeskMethods, {
  get(_t, name: string) {
    return async (...args: unknown[]) => {
      try {
        return await (desk() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name](...args);
      } catch (err) {
        throw asFailure(err);
      }
    };
  },
});

declare global {
  interface Window {
    runtime?: { EventsOn(name: string, cb: (...data: unknown[]) => void): () => void };
  }
}

declare global {
  interface Window {
    chrome?: { webview?: unknown };
    webkit?: { messageHandlers?: { external?: unknown } };
  }
}

// inDesktopWindow tells the app's own window (WebView2 on Windows, WebKitGTK on Linux, which Wails talks to
// through these message handlers) from a browser on the dev server, where a native dialog would open on the
// window nobody is looking at (the end-to-end tests run there).
export function inDesktopWindow(): boolean {
  return !!(window.chrome?.webview || window.webkit?.messageHandlers?.external);
}

// onBackendEvent subscribes to a Wails event pushed by Go ("card:event", "card:progress") and returns the
// unsubscribe function. Outside the app (unit tests without a fake runtime) it does nothing.
export function onBackendEvent<T>(name: string, cb: (data: T) => void): () => void {
  const rt = window.runtime;
  if (!rt?.EventsOn) return () => {};
  return rt.EventsOn(name, (data) => cb(data as T));
}
