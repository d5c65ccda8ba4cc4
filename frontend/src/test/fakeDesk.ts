// Test only: an in-memory desk installed as window.go.desk.Desk, mimicking the Go facade's contract
// (src/api.ts): validation rejects with {problems: [{field, id, args}]}, one problem per wrong field, in field order.
import type {
  Answers, Application, ApplicationSearch, ApplicationSummary, AuditChoices, AuditEntry, AuditExport, AuditPage, AuditReport, AuditSearch,
  BasicItem, Boot, CardEvent, CardProgress, CardStatus, CardValidity, Case, CaseChoices, CaseSummary, Choices, Consent,
  ConsentForm, Dashboard, DueItem, EraDate, Evaluation, Failure, HandoverCheck, ImportResult, ItemComparison, Language,
  Letter, LostCardFigures, LostCardGuidance, LostCardReport, LostCardRules, LostCardStatus, LostCardSummary, Org, Person,
  PinTries, Problem, Protection, Reader, Referral, ReferralStatus, Role, SimilarApplication, SituationForm, StepID,
  SupervisorOverride, User, Account,
} from "../api";
import { catalog, translate } from "../i18n";

type DeskMethods = NonNullable<NonNullable<NonNullable<Window["go"]>["desk"]>["Desk"]>;

export const allSteps: StepID[] = [
  "language", "name", "kana", "birth", "sex", "address", "nationality", "residence", "contact", "check",
];

// The fields each step must have (optional ones are left out).
const required: Record<Exclude<StepID, "check">, string[]> = {
  language: ["applicantLanguage"],
  name: ["name"],
  kana: ["nameKana"],
  birth: ["birthCalendar", "birthYear", "birthMonth", "birthDay"],
  sex: ["sex"],
  address: ["postalCode", "address"],
  nationality: ["nationality"],
  residence: ["residenceStatus"],
  contact: ["phone"],
  number: ["recordNumber"], // never in the fake's steps: the number pages are tested against Go end to end
};

const eraStart: Record<EraDate["era"], string> = {
  meiji: "1868-10-23", taisho: "1912-07-30", showa: "1926-12-25", heisei: "1989-01-08", reiwa: "2019-05-01",
};

interface StoredUser extends User {
  password: string;
}

// catalogLanguages is what Go's Boot lists: every file of locales/, Japanese first, English second, then the rest
// alphabetically, each named in itself.
function catalogLanguages(): Language[] {
  const rank = (tag: string) => (tag === "ja" ? "0" : tag === "en" ? "1" : `2${tag}`);
  return Object.keys(catalog)
    .sort((a, b) => rank(a).localeCompare(rank(b)))
    .map((tag) => ({ tag, name: translate(tag, "meta.language.name") }));
}

export function emptySituation(): SituationForm {
  return {
    category: "", status: "", nationality: "", birthDay: "", birthMonth: "", birthYear: "", bornInJapan: "",
    birthNotified: "", notifiedDay: "", notifiedMonth: "", notifiedYear: "", statusApplied: "", appliedDay: "",
    appliedMonth: "", appliedYear: "", parentCategory: "", parentNationality: "", stayEndDay: "", stayEndMonth: "",
    stayEndYear: "",
  };
}

function fail(problems: Problem[]): Failure {
  return { problems };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export interface FakeDeskOptions {
  needsAdmin?: boolean;
  protection?: Protection; // default "open"
  signedIn?: Role | null; // sign in a user of this role at start
  staffLanguage?: string;
  locked?: boolean;
  idleMinutes?: number;
  languages?: Language[];
  readers?: string[]; // names of the virtual card readers connected at start (default: one)
  lockedAccounts?: Record<string, string>; // username → when its lock by wrong passwords ends (RFC 3339)
}

type PinRefusalKind = "format" | "lastTry" | "blocked" | "wrong";

// pinRefusal words a PIN refusal as app/card Problem does: card.pin.*, on the field "pin", the tries left as Count
// on a wrong PIN only.
function pinRefusal(kind: PinRefusalKind, tries: number): Problem {
  const id = `card.pin.${kind}`;
  return kind === "wrong" ? { field: "pin", id, args: { Count: tries } } : { field: "pin", id };
}

// A card on a virtual reader: what the chip holds, and its PIN with the tries left.
export interface VirtualCard {
  myNumberCard: boolean;
  token: CardStatus["token"];
  pin: string; // the card-info input support PIN
  tries: PinTries;
  certificateExpiry: string;
  basic: Record<BasicItem, string>; // the four basic items as on the chip
  chipData: HandoverCheck["chipData"];
  chipDataReasonId: string;
  number: string; // the 12-digit individual number
  validity: CardValidity | null;
}

// virtualCard is a My Number card whose chip matches completeAnswers, with PIN 1234 and every try left.
export function virtualCard(over: Partial<VirtualCard> = {}): VirtualCard {
  return {
    myNumberCard: true,
    token: "card",
    pin: "1234",
    tries: { cardInfo: 3, auth: 3, signature: 5 },
    certificateExpiry: "2031-04-12",
    basic: { name: "NGUYEN VAN AN", address: "東京都新宿区西新宿2-8-1", birthDate: "1990-04-12", sex: "male" },
    chipData: "authentic",
    chipDataReasonId: "",
    number: "123456789018",
    validity: { cardExpiry: "2036-04-12", certificateExpiry: "2031-04-12", renewBy: "2036-01-12", reasonId: "residency.card.renewBy.birthday" },
    ...over,
  };
}

interface VirtualReader {
  name: string;
  card: VirtualCard | null;
}

// One CheckHandover call as the virtual card saw it: whether a PIN try was spent.
export interface PinAttempt {
  applicationId: number;
  confirmLastTry: boolean;
  triesBefore: number;
  spent: boolean;
  outcome: string; // "ok" or the problem ID
}

type Listener = (...data: unknown[]) => void;

// FakeRuntime stands in for the Wails runtime's EventsOn, so the fake desk can push "card:event" and "card:progress".
export class FakeRuntime {
  listeners = new Map<string, Set<Listener>>();
  EventsOn = (name: string, cb: Listener) => {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    set.add(cb);
    this.listeners.set(name, set);
    return () => {
      set.delete(cb);
    };
  };
  emit(name: string, data: unknown) {
    for (const cb of [...(this.listeners.get(name) ?? [])]) cb(data);
  }
  count(name: string) {
    return this.listeners.get(name)?.size ?? 0;
  }
}

export class FakeDesk implements DeskMethods {
  users: StoredUser[] = [];
  lockedUntil = new Map<number, string>(); // accounts locked by wrong passwords, and until when
  apps = new Map<number, Application>();
  session: StoredUser | null = null;
  locked = false;
  protection: Protection;
  idleMinutes: number;
  languages: Language[];
  current = 0;
  calls: { method: string; args: unknown[] }[] = [];
  choices: Choices = {
    countries: ["JP", "VN", "PH", "BR", "CN", "KR", "NP", "US"],
    residenceStatuses: ["permanent_resident", "special_permanent_resident", "student", "trainee_or_specified_skilled", "other"],
    eras: ["meiji", "taisho", "showa", "heisei", "reiwa"],
  };
  private nextId = 1;
  runtime = new FakeRuntime();
  readers: VirtualReader[];
  pinAttempts: PinAttempt[] = [];
  checked = new Map<number, HandoverCheck>(); // the last successful check of each application on this desk
  cardSteps = 3; // "card:progress" events per read
  private gate: Promise<void> | null = null;
  similar = new Map<number, SimilarApplication[]>(); // what SimilarApplications returns per application (default none)
  similarFails = false; // make SimilarApplications reject, as a failed look-up would

  private keyRetired = false;

  constructor(opts: FakeDeskOptions = {}) {
    this.readers = (opts.readers ?? ["Virtual Reader 0"]).map((name) => ({ name, card: null }));
    this.idleMinutes = opts.idleMinutes ?? 5;
    this.protection = opts.protection ?? "open";
    this.languages = opts.languages ?? catalogLanguages();
    if (!opts.needsAdmin) {
      this.addUser("admin", "Admin Kanri", "admin", "correct horse battery", "ja");
      this.addUser("tanaka", "田中 花子", "counter", "correct horse battery", opts.staffLanguage ?? "ja");
      if (opts.signedIn === "callcentre") this.addUser("suzuki", "鈴木 一郎", "callcentre", "correct horse battery", opts.staffLanguage ?? "ja");
    }
    if (opts.signedIn === "supervisor" && !this.users.some((u) => u.role === "supervisor")) {
      this.addUser("suzuki", "鈴木 一郎", "supervisor", "correct horse battery", opts.staffLanguage ?? "ja");
    }
    if (opts.signedIn === "ngo") this.addUser("suzuki", "鈴木 一郎", "ngo", "correct horse battery", opts.staffLanguage ?? "ja");
    if (opts.signedIn) {
      this.session = this.users.find((u) => u.role === opts.signedIn) ?? null;
      if (this.session && opts.staffLanguage) this.session.staffLanguage = opts.staffLanguage;
    }
    this.locked = !!opts.locked;
    for (const [username, until] of Object.entries(opts.lockedAccounts ?? {})) {
      const u = this.users.find((x) => x.username === username);
      if (u) this.lockedUntil.set(u.id, until);
    }
  }

  addUser(username: string, displayName: string, role: Role, password: string, staffLanguage = "ja"): User {
    const u: StoredUser = { id: this.users.length + 1, username, displayName, role, password, staffLanguage, org: role === "ngo" ? "issj" : "" };
    this.users.push(u);
    return this.publicUser(u);
  }

  private publicUser(u: StoredUser): User {
    const { password: _pw, ...rest } = u;
    return { ...rest };
  }

  private record(method: string, args: unknown[]) {
    this.calls.push({ method, args });
  }

  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  // ---- audit trail: entries as Go would have recorded them (tests set auditEntries, oldest first) ----
  auditEntries: AuditEntry[] = [];
  auditReport: AuditReport | null = null; // null: the chain is whole
  auditPageSize = 3;
  canSaveCopy = false;
  savedCopyPath = ""; // what the "dialog" answers: "" is cancel
  exports: { name: string; rows: AuditEntry[] }[] = [];

  seedAudit(entries: Partial<AuditEntry>[]) {
    this.auditEntries = entries.map((e, i) => ({
      seq: i + 1, at: `2026-11-23T0${Math.min(i, 9)}:00:00.000Z`, userId: 0, role: "", action: "signIn",
      recordType: "", recordId: 0, reason: "", hash: "0".repeat(64), ...e,
    }));
  }

  // auditMatches mimics audit.Search.Filter and Log.Query: problems on the fields Go names.
  private auditMatches(s: AuditSearch): AuditEntry[] {
    const problems: Problem[] = [];
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (s.from && !day.test(s.from)) problems.push({ field: "from", id: "audit.filter.from.error.invalid" });
    if (s.to && !day.test(s.to)) problems.push({ field: "to", id: "audit.filter.to.error.invalid" });
    if (s.recordId && !/^\d+$/.test(s.recordId)) problems.push({ field: "recordId", id: "audit.filter.recordId.error.number" });
    else if (s.recordId && !s.recordType) problems.push({ field: "recordId", id: "audit.filter.recordId.error.needsType" });
    if (problems.length) throw fail(problems);
    return this.auditEntries.filter(
      (e) =>
        (!s.from || e.at.slice(0, 10) >= s.from) &&
        (!s.to || e.at.slice(0, 10) <= s.to) &&
        (!s.userId || e.userId === s.userId) &&
        (!s.action || e.action === s.action) &&
        (!s.recordType || e.recordType === s.recordType) &&
        (!s.recordId || e.recordId === Number(s.recordId)) &&
        (!s.reason || e.reason.toLowerCase().includes(s.reason.toLowerCase())),
    );
  }

  private recordExport(u: StoredUser) {
    this.auditEntries.push({
      seq: this.auditEntries.length + 1, at: "2026-11-23T10:00:00.000Z", userId: u.id, role: u.role, action: "export",
      recordType: "auditLog", recordId: 0, reason: "", hash: "0".repeat(64),
    });
  }

  async AuditChoices(): Promise<AuditChoices> {
    this.record("AuditChoices", []);
    this.signedIn(["supervisor"]);
    const types = [...new Set(this.auditEntries.map((e) => e.recordType).filter(Boolean))].sort();
    return {
      staff: this.users.map((u) => this.publicUser(u)),
      actions: ["signIn", "signOut", "signInFailed", "create", "change", "read", "export", "override", "handover"],
      recordTypes: types, pageSize: this.auditPageSize, canSaveCopy: this.canSaveCopy,
    };
  }

  async SearchAudit(search: AuditSearch, page: number): Promise<AuditPage> {
    this.record("SearchAudit", [search, page]);
    this.signedIn(["supervisor"]);
    const all = this.auditMatches(search).reverse();
    const p = Math.max(page, 1);
    const size = this.auditPageSize;
    return { entries: clone(all.slice((p - 1) * size, p * size)), total: all.length, page: p, pageSize: size };
  }

  async VerifyAudit(): Promise<AuditReport> {
    this.record("VerifyAudit", []);
    this.signedIn(["supervisor"]);
    const n = this.auditEntries.length;
    return this.auditReport ?? { entries: n, intact: n, lastSeq: n, lastHash: "0".repeat(64), broken: null, since: 0, walked: n };
  }

  async ExportAudit(search: AuditSearch): Promise<AuditExport> {
    this.record("ExportAudit", [search]);
    const u = this.signedIn(["supervisor"]);
    const rows = this.auditMatches(search);
    const name = `audit-20261123-1000${String(this.exports.length).padStart(2, "0")}.csv`;
    this.exports.push({ name, rows });
    this.recordExport(u);
    return { path: `/data/exports/${name}`, name, rows: rows.length };
  }

  async SaveAuditCopy(name: string): Promise<string> {
    this.record("SaveAuditCopy", [name]);
    const u = this.signedIn(["supervisor"]);
    if (!this.canSaveCopy) throw fail([{ id: "audit.export.saveCopy.error.unavailable" }]);
    if (!this.exports.some((e) => e.name === name)) throw fail([{ id: "audit.export.saveCopy.error.unknownFile" }]);
    if (this.savedCopyPath) this.recordExport(u);
    return this.savedCopyPath;
  }

  // lock makes the next call fail with auth.locked, as the Go session does after the idle limit.
  lock() {
    this.locked = true;
  }

  private signedIn(roles?: Role[]): StoredUser {
    if (!this.session) throw fail([{ id: "desk.error.signedOut" }]);
    if (this.locked) {
      this.current = 0;
      throw fail([{ id: "auth.locked" }]);
    }
    if (roles && !roles.includes(this.session.role)) throw fail([{ id: "desk.error.forbidden" }]);
    return this.session;
  }

  // rotateElsewhere is another desk changing the data key (vault rotate): this desk's next use of the data fails
  // with vault.error.keyChanged and its data stays shut (vault.error.locked) until the passphrase opens it, as
  // app/vault's Hold does.
  rotateElsewhere() {
    this.keyRetired = true;
  }

  private intake() {
    const u = this.signedIn(["counter", "supervisor"]);
    if (this.keyRetired) {
      this.keyRetired = false;
      this.protection = "locked";
      throw fail([{ id: "vault.error.keyChanged" }]);
    }
    if (this.protection === "locked") throw fail([{ id: "vault.error.locked" }]);
    return u;
  }

  // seedApplication stores an application directly (for tests that start mid-way).
  seedApplication(answers: Answers, opts: { status?: "draft" | "ready"; step?: StepID } = {}): Application {
    const app = this.blank();
    app.answers = { ...answers };
    this.derive(app);
    app.status = opts.status ?? "draft";
    app.step = opts.step ?? this.firstIncomplete(app);
    this.apps.set(app.id, app);
    return clone(app);
  }

  private blank(): Application {
    return {
      id: this.nextId++, status: "draft", step: "language", steps: [...allSteps], answers: {},
      birthDate: "", birthEra: null, updatedAt: "2026-11-23T10:00:00Z", version: 1, handedOver: null, number: null,
    };
  }

  private firstIncomplete(app: Application): StepID {
    for (const step of app.steps) {
      if (step === "check") return "check";
      if (required[step].some((f) => !app.answers[f])) return step;
      if (step === "birth" && app.answers.birthCalendar === "japanese" && !app.answers.birthEra) return step;
    }
    return "check";
  }

  private derive(app: Application) {
    const a = app.answers;
    if (!a.birthYear || !a.birthMonth || !a.birthDay) return;
    const pad = (n: number) => String(n).padStart(2, "0");
    const m = Number(a.birthMonth), d = Number(a.birthDay);
    let y = Number(a.birthYear);
    if (a.birthCalendar === "japanese") y = Number(eraStart[a.birthEra as EraDate["era"]].slice(0, 4)) + y - 1;
    app.birthDate = `${y}-${pad(m)}-${pad(d)}`;
    const eras = Object.entries(eraStart) as [EraDate["era"], string][];
    let era: EraDate["era"] = "meiji";
    for (const [name, start] of eras) if (app.birthDate >= start) era = name;
    app.birthEra = { era, year: y - Number(eraStart[era].slice(0, 4)) + 1, month: m, day: d };
  }

  private validate(step: StepID, answers: Answers): Problem[] {
    const problems: Problem[] = [];
    if (step === "check") return problems;
    const fields = [...required[step]];
    if (step === "birth") fields.splice(1, 0, "birthEra");
    // Message IDs as the Go side names them: intake.<step>.<field>.error.<kind>.
    const id = (field: string, kind: string) => `intake.${step}.${field}.error.${kind}`;
    for (const field of fields) {
      const v = (answers[field] ?? "").trim();
      if (field === "birthEra") {
        if (answers.birthCalendar === "japanese" && !v) problems.push({ field, id: id(field, "required") });
        continue;
      }
      if (!v) {
        problems.push({ field, id: id(field, "required") });
        continue;
      }
      if (field === "nameKana" && !/^[\u30A0-\u30FF\s　]+$/.test(v)) problems.push({ field, id: id(field, "notKana") });
      if ((field === "birthYear" || field === "birthMonth" || field === "birthDay") && !/^\d+$/.test(v)) {
        problems.push({ field, id: id(field, "notNumber") });
      }
      if (field === "postalCode" && !/^\d{3}-?\d{4}$/.test(v)) problems.push({ field, id: id(field, "invalid") });
    }
    return problems;
  }

  async Boot(): Promise<Boot> {
    this.record("Boot", []);
    let openDraftId = 0;
    if (this.session && !this.locked && ["counter", "supervisor"].includes(this.session.role)) {
      for (const app of this.apps.values()) if (app.status === "draft") openDraftId = app.id;
    }
    return {
      version: "test", needsAdmin: this.users.length === 0,
      // As Go: while idle-locked, no one is named.
      user: this.session && !this.locked ? this.publicUser(this.session) : null, locked: !!this.session && this.locked,
      idleMinutes: this.idleMinutes, languages: clone(this.languages), openDraftId, protection: this.protection,
    };
  }

  // The passphrase that opens a locked fake; the real rules (length, confirmation) are app/vault's.
  static readonly passphrase = "long enough data passphrase";

  async SetUpProtection(passphrase: string, confirm: string): Promise<void> {
    this.record("SetUpProtection", []);
    if (this.protection !== "needsSetup") throw fail([{ id: "vault.error.alreadySetUp" }]);
    if (this.users.length > 0 && this.signedIn().role !== "admin") throw fail([{ id: "desk.error.forbidden" }]);
    if ([...passphrase].length < 12) throw fail([{ field: "passphrase", id: "vault.passphrase.error.tooShort", args: { Min: 12 } }]);
    if (passphrase !== confirm) throw fail([{ field: "passphraseConfirm", id: "vault.passphrase.error.mismatch" }]);
    this.protection = "open";
  }

  async UnlockData(passphrase: string): Promise<void> {
    this.record("UnlockData", []);
    if (this.protection !== "locked") return;
    if (passphrase !== FakeDesk.passphrase) throw fail([{ id: "vault.error.wrongPassphrase" }]);
    this.protection = "open";
  }

  async Touch(): Promise<void> {
    this.record("Touch", []);
    this.signedIn();
  }

  async CreateAdmin(username: string, displayName: string, password: string, confirm: string): Promise<User> {
    this.record("CreateAdmin", [username, displayName]);
    this.checkUser(username, displayName, "admin", password, confirm);
    const u = this.addUser(username, displayName, "admin", password);
    this.session = this.users[this.users.length - 1];
    this.locked = false;
    return u;
  }

  private checkUser(username: string, displayName: string, role: string, password: string, confirm: string) {
    const problems: Problem[] = [];
    if (!username) problems.push({ field: "username", id: "auth.user.username.error.required" });
    else if (this.users.some((u) => u.username === username)) problems.push({ field: "username", id: "auth.user.username.error.taken" });
    if (!displayName) problems.push({ field: "displayName", id: "auth.user.displayName.error.required" });
    if (!["counter", "supervisor", "ngo", "callcentre", "admin"].includes(role)) problems.push({ field: "role", id: "auth.user.role.error.invalid" });
    if (password.length < 12) problems.push({ field: "password", id: "auth.user.password.error.tooShort", args: { Min: 12 } });
    if (password !== confirm) problems.push({ field: "confirm", id: "auth.user.confirm.error.mismatch" });
    if (problems.length) throw fail(problems);
  }

  async SignIn(username: string, password: string): Promise<User> {
    this.record("SignIn", [username]);
    const u = this.users.find((x) => x.username === username && x.password === password);
    if (!u) throw fail([{ id: "auth.signin.error.invalid" }]);
    this.session = u;
    this.locked = false;
    this.current = 0;
    return this.publicUser(u);
  }

  wrongUnlocks = 0;

  async Unlock(password: string): Promise<User> {
    this.record("Unlock", []);
    if (!this.session) throw fail([{ id: "desk.error.signedOut" }]);
    if (password !== this.session.password) {
      // As Go (auth.UnlockTries): the third wrong password signs the desk out.
      if (++this.wrongUnlocks >= 3) {
        this.session = null;
        this.locked = false;
        this.wrongUnlocks = 0;
        throw fail([{ id: "auth.unlock.error.signedOut" }]);
      }
      throw fail([{ id: "auth.signin.error.invalid" }]);
    }
    this.locked = false;
    this.wrongUnlocks = 0;
    return this.publicUser(this.session);
  }

  async SignOut(): Promise<void> {
    this.record("SignOut", []);
    this.session = null;
    this.locked = false;
    this.current = 0;
  }

  async SetStaffLanguage(tag: string): Promise<User> {
    this.record("SetStaffLanguage", [tag]);
    const u = this.signedIn();
    if (!this.languages.some((l) => l.tag === tag)) throw fail([{ field: "staffLanguage", id: "desk.error.unknownLanguage" }]);
    u.staffLanguage = tag;
    return this.publicUser(u);
  }

  async ListUsers(): Promise<Account[]> {
    this.record("ListUsers", []);
    this.signedIn(["admin"]);
    return this.users.map((u) => this.account(u));
  }

  async UnlockUser(userId: number): Promise<Account> {
    this.record("UnlockUser", [userId]);
    this.signedIn(["admin"]);
    const u = this.users.find((x) => x.id === userId);
    if (!u) throw fail([{ id: "auth.user.error.notFound" }]);
    this.lockedUntil.delete(userId);
    return this.account(u);
  }

  private account(u: StoredUser): Account {
    return { ...this.publicUser(u), lockedUntil: this.lockedUntil.get(u.id) ?? "" };
  }

  async CreateUser(username: string, displayName: string, role: Role, password: string, confirm: string): Promise<User> {
    this.record("CreateUser", [username, displayName, role]);
    this.signedIn(["admin"]);
    this.checkUser(username, displayName, role, password, confirm);
    return this.addUser(username, displayName, role, password);
  }

  numbers = new Map<number, string>(); // Individual Numbers by application, for RevealNumber
  retentionDays = 30;

  async RevealNumber(applicationId: number): Promise<string> {
    this.record("RevealNumber", [applicationId]);
    this.signedIn(["counter"]);
    const n = this.numbers.get(applicationId);
    if (!n) throw fail([{ id: "intake.number.error.none" }]);
    return n;
  }

  async ReadNumberFromCard(applicationId: number, reader: string, pin: string, confirmLastTry: boolean): Promise<Application> {
    this.record("ReadNumberFromCard", [applicationId, reader, confirmLastTry]); // never the PIN
    this.signedIn(["counter"]);
    void pin;
    throw fail([{ id: "intake.error.stepNotAvailable" }]); // the number pages are tested against Go end to end
  }

  async NumberRetentionDays(): Promise<number> {
    this.record("NumberRetentionDays", []);
    this.signedIn(["admin"]);
    return this.retentionDays;
  }

  async SetNumberRetentionDays(days: number): Promise<number> {
    this.record("SetNumberRetentionDays", [days]);
    this.signedIn(["admin"]);
    if (!Number.isInteger(days) || days < 0 || days > 3650) {
      throw fail([{ field: "retentionDays", id: "intake.number.retention.error.range", args: { Max: 3650 } }]);
    }
    this.retentionDays = days;
    return days;
  }

  orgs: Org[] = [
    { id: "issj", num: 1, nameJa: "日本国際社会事業団（ISSJ）", nameEn: "International Social Service Japan (ISSJ)", takesJa: "", takesEn: "", languages: "", phone: "", contact: "", hours: "", active: true, updatedAt: "" },
    { id: "houterasu", num: 2, nameJa: "日本司法支援センター（法テラス）多言語情報提供サービス", nameEn: "Japan Legal Support Center (Houterasu), multilingual line", takesJa: "", takesEn: "", languages: "", phone: "0570-078377", contact: "", hours: "", active: true, updatedAt: "" },
  ];

  async ListOrgs(): Promise<Org[]> {
    this.record("ListOrgs", []);
    this.signedIn(["counter", "supervisor", "ngo", "admin"]);
    return clone(this.orgs);
  }

  async SaveOrg(org: Org, create: boolean): Promise<Org> {
    this.record("SaveOrg", [org.id, create]);
    this.signedIn(["admin"]);
    const problems: Problem[] = [];
    if (!org.nameJa.trim()) problems.push({ field: "nameJa", id: "orgs.error.required" });
    if (!org.nameEn.trim()) problems.push({ field: "nameEn", id: "orgs.error.required" });
    if (problems.length) throw fail(problems);
    const saved = { ...clone(org), num: org.num || this.orgs.length + 1 };
    const i = this.orgs.findIndex((o) => o.id === org.id);
    if (create && i >= 0) throw fail([{ field: "id", id: "orgs.error.taken" }]);
    if (i >= 0) this.orgs[i] = saved;
    else this.orgs.push(saved);
    return clone(saved);
  }

  async SetUserOrg(userId: number, org: string): Promise<User> {
    this.record("SetUserOrg", [userId, org]);
    this.signedIn(["admin"]);
    if (!userId) throw fail([{ field: "orgUser", id: "desk.org.user.error.required" }]);
    const u = this.users.find((x) => x.id === userId);
    if (!u) throw fail([{ id: "auth.user.error.notFound" }]);
    if (u.role !== "ngo" && org) throw fail([{ field: "org", id: "auth.user.org.error.notNgo" }]);
    if (org && !this.orgs.some((o) => o.id === org)) throw fail([{ field: "org", id: "orgs.error.notFound" }]);
    u.org = org;
    return this.publicUser(u);
  }

  // ---- cases: a small in-memory model of app/cases; the evaluation is canned (the rules live in Go) ----
  cases = new Map<number, Case>();
  referrals = new Map<number, Referral>();
  evaluation: Evaluation | null = null; // what SaveSituation attaches (set by a test); null: none

  private caseDesk() {
    this.signedIn(["counter", "supervisor", "ngo"]);
  }

  async CaseChoices(): Promise<CaseChoices> {
    this.record("CaseChoices", []);
    this.caseDesk();
    return {
      categories: [
        { id: "mid_to_long_term", label: "residency.category.mid_to_long_term", registered: true },
        { id: "transitional_birth", label: "residency.category.transitional_birth", registered: true },
        { id: "no_status", label: "residency.category.no_status", registered: false },
      ],
      statuses: ["student", "other"],
      countries: ["VN", "PH", "stateless", "unknown"],
      languages: clone(this.languages),
      relationships: ["self", "parent", "guardian", "other"],
      methods: ["signed", "spoken", "spoken_interpreter"],
      fields: ["name", "birthDate", "nationality", "language", "contact", "situation", "notes"],
      outcomes: ["resolved", "other"],
    };
  }

  async ListCases(): Promise<CaseSummary[]> {
    this.record("ListCases", []);
    this.caseDesk();
    return [...this.cases.values()].map((c) => ({ id: c.id, name: c.person.name, updatedAt: c.updatedAt }));
  }

  async CreateCase(person: Person): Promise<Case> {
    this.record("CreateCase", [person.name]);
    this.caseDesk();
    const problems: Problem[] = [];
    if (!person.name.trim()) problems.push({ field: "name", id: "cases.error.required" });
    if (!person.language) problems.push({ field: "language", id: "cases.person.language.error.required" });
    if (problems.length) throw fail(problems);
    const c: Case = {
      id: this.nextId++, org: this.session?.org ?? "", person: clone(person), situation: emptySituation(),
      evaluation: null, referrals: [], createdAt: "2026-11-23T01:00:00.000Z", updatedAt: "2026-11-23T01:00:00.000Z", version: 1,
    };
    this.cases.set(c.id, c);
    return clone(c);
  }

  private caseOf(id: number): Case {
    const c = this.cases.get(id);
    if (!c || c.org !== (this.session?.org ?? "")) throw fail([{ id: "cases.error.notFound" }]);
    c.referrals = [...this.referrals.values()].filter((r) => r.caseId === id);
    return c;
  }

  async GetCase(id: number): Promise<Case> {
    this.record("GetCase", [id]);
    this.caseDesk();
    return clone(this.caseOf(id));
  }

  private checkVersion(c: Case, version: number) {
    if (version && version !== c.version) throw fail([{ id: "cases.error.conflict" }]);
    c.version++;
  }

  async SaveCasePerson(id: number, version: number, person: Person): Promise<Case> {
    this.record("SaveCasePerson", [id, version]);
    this.caseDesk();
    const c = this.caseOf(id);
    this.checkVersion(c, version);
    c.person = clone(person);
    return clone(c);
  }

  async SaveSituation(id: number, version: number, form: SituationForm): Promise<Case> {
    this.record("SaveSituation", [id, version, form]);
    this.caseDesk();
    const c = this.caseOf(id);
    const problems: Problem[] = [];
    if (!form.category) problems.push({ field: "category", id: "residency.error.category.required" });
    if (!form.bornInJapan) problems.push({ field: "bornInJapan", id: "cases.situation.error.yesNo" });
    if (problems.length) throw fail(problems);
    this.checkVersion(c, version);
    c.situation = clone(form);
    c.evaluation = clone(this.evaluation);
    return clone(c);
  }

  async DueDashboard(): Promise<Dashboard> {
    this.record("DueDashboard", []);
    this.caseDesk();
    const items: DueItem[] = [];
    for (const c of this.cases.values()) {
      for (const d of c.evaluation?.deadlines ?? []) {
        if (d.status === "overdue" || d.status === "due_soon") {
          items.push({ caseId: c.id, caseName: c.person.name, kind: "deadline", message: d.message, date: d.date, daysLeft: d.daysLeft, status: d.status });
        }
      }
    }
    items.sort((a, b) => a.date.localeCompare(b.date));
    const overdue = items.filter((i) => i.status === "overdue").length;
    const week1 = items.filter((i) => i.status !== "overdue" && i.daysLeft <= 7).length;
    return {
      today: "2026-11-23", items, overdue, dueSoon: items.length - overdue,
      buckets: [{ id: "overdue", count: overdue }, { id: "week1", count: week1 }, { id: "week2", count: items.length - overdue - week1 }],
    };
  }

  async CreateReferral(caseId: number, input: { org: string; reason: string }): Promise<Referral> {
    this.record("CreateReferral", [caseId, input]);
    this.caseDesk();
    this.caseOf(caseId);
    const problems: Problem[] = [];
    if (!input.org) problems.push({ field: "org", id: "cases.referral.org.error.required" });
    if (!input.reason.trim()) problems.push({ field: "reason", id: "cases.error.required" });
    if (problems.length) throw fail(problems);
    const r: Referral = {
      id: this.nextId++, caseId, org: input.org, reason: input.reason, status: "draft", outcome: "", followUp: "",
      consent: null, override: null, sentAt: "", version: 1,
    };
    this.referrals.set(r.id, r);
    return clone(r);
  }

  private referralOf(id: number): Referral {
    const r = this.referrals.get(id);
    if (!r) throw fail([{ id: "cases.referral.error.notFound" }]);
    this.caseOf(r.caseId);
    return r;
  }

  private checkReferralVersion(r: Referral, version: number) {
    if (version && version !== r.version) throw fail([{ id: "cases.error.conflict" }]);
    r.version++;
  }

  async RecordConsent(referralId: number, version: number, form: ConsentForm): Promise<Referral> {
    this.record("RecordConsent", [referralId, version, form]);
    this.caseDesk();
    const r = this.referralOf(referralId);
    const problems: Problem[] = [];
    if (!form.givenBy.trim()) problems.push({ field: "givenBy", id: "cases.error.required" });
    if (!["self", "parent", "guardian", "other"].includes(form.relationship)) {
      problems.push({ field: "relationship", id: "cases.consent.relationship.error.required" });
    }
    if (!form.fields.length) problems.push({ field: "fields", id: "cases.consent.fields.error.required" });
    if (!form.method) problems.push({ field: "method", id: "cases.consent.method.error.required" });
    if (problems.length) throw fail(problems);
    this.checkReferralVersion(r, version);
    r.consent = {
      givenBy: form.givenBy, relationship: form.relationship, fields: [...form.fields], with: r.org,
      day: `${form.year}-${form.month.padStart(2, "0")}-${form.day.padStart(2, "0")}`,
      method: form.method as Consent["method"], interpreterLanguage: form.interpreterLanguage,
      interpreterName: form.interpreterName, recordedBy: this.session?.id ?? 0,
    };
    return clone(r);
  }

  async SendReferral(referralId: number, version: number, override: SupervisorOverride | null): Promise<Referral> {
    this.record("SendReferral", [referralId, version, override?.username ?? null]);
    this.caseDesk();
    const r = this.referralOf(referralId);
    if (!r.consent && !override) throw fail([{ id: "cases.referral.error.noConsent" }]);
    this.checkReferralVersion(r, version);
    if (!r.consent && override) r.override = { by: 99, reason: override.reason, at: "" };
    r.status = "sent";
    return clone(r);
  }

  async UpdateReferral(referralId: number, version: number, status: string, outcome: string, followUp: string): Promise<Referral> {
    this.record("UpdateReferral", [referralId, version, status, outcome, followUp]);
    this.caseDesk();
    const r = this.referralOf(referralId);
    if ((status === "declined" || status === "closed") && !outcome) throw fail([{ field: "outcome", id: "cases.referral.outcome.error.required" }]);
    this.checkReferralVersion(r, version);
    if (status) r.status = status as ReferralStatus;
    r.outcome = outcome;
    r.followUp = followUp;
    return clone(r);
  }

  async ReferralLetter(referralId: number): Promise<Letter> {
    this.record("ReferralLetter", [referralId]);
    this.caseDesk();
    const r = this.referralOf(referralId);
    if (!r.consent && !r.override) throw fail([{ id: "cases.referral.error.noConsent" }]);
    const c = this.caseOf(r.caseId);
    const to = this.orgs.find((o) => o.id === r.org) ?? this.orgs[0];
    const shared = r.consent?.fields ?? [];
    return {
      referralId, day: "2026-11-23", language: c.person.language, to: clone(to), reason: r.reason, consent: clone(r.consent),
      override: !!r.override, shared: [...shared],
      ...(shared.includes("name") ? { name: c.person.name } : {}),
      ...(shared.includes("contact") ? { contact: c.person.contact } : {}),
      ...(shared.includes("notes") ? { notes: c.person.notes } : {}),
      ...(shared.includes("situation") && c.evaluation
        ? { situation: { category: `residency.category.${c.evaluation.category}`, flags: c.evaluation.flags.map((f) => f.message), deadlines: c.evaluation.deadlines } }
        : {}),
    };
  }

  async PrintReferralLetter(referralId: number): Promise<void> {
    this.record("PrintReferralLetter", [referralId]);
    this.caseDesk();
    this.referralOf(referralId);
  }

  async ExportOrgsCSV(): Promise<string> {
    this.record("ExportOrgsCSV", []);
    this.signedIn(["admin"]);
    return "\uFEFFid,name_ja\r\n" + this.orgs.map((o) => `${o.id},${o.nameJa}`).join("\r\n");
  }

  async SaveOrgsCSV(): Promise<string> {
    this.record("SaveOrgsCSV", []);
    this.signedIn(["admin"]);
    throw fail([{ id: "desk.error.noSaveDialog" }]);
  }

  async ImportOrgsCSV(text: string): Promise<ImportResult> {
    this.record("ImportOrgsCSV", [text.length]);
    this.signedIn(["admin"]);
    if (!text.startsWith("id,")) throw fail([{ field: "id", id: "orgs.csv.error.missingColumn", args: { Row: 1, Column: "id" } }]);
    return { added: 0, updated: 0 };
  }

  async SetIdleMinutes(minutes: number): Promise<number> {
    this.record("SetIdleMinutes", [minutes]);
    this.signedIn(["admin"]);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw fail([{ field: "idleMinutes", id: "auth.settings.idleMinutes.error.range", args: { Min: 1, Max: 60 } }]);
    }
    this.idleMinutes = minutes;
    return minutes;
  }

  async Choices(): Promise<Choices> {
    this.record("Choices", []);
    this.intake();
    return clone(this.choices);
  }

  async StartApplication(): Promise<Application> {
    this.record("StartApplication", []);
    this.intake();
    const app = this.blank();
    this.apps.set(app.id, app);
    this.current = app.id;
    return clone(app);
  }

  private find(id: number): Application {
    const app = this.apps.get(id);
    if (!app) throw fail([{ id: "intake.error.notFound" }]);
    return app;
  }

  async GetApplication(id: number): Promise<Application> {
    this.record("GetApplication", [id]);
    this.intake();
    this.current = id;
    return clone(this.find(id));
  }

  async SaveStep(id: number, step: StepID, answers: Answers): Promise<Application> {
    this.record("SaveStep", [id, step, clone(answers)]);
    this.intake();
    const app = this.find(id);
    if (app.status !== "draft") throw fail([{ id: "intake.error.alreadySubmitted" }]);
    const problems = this.validate(step, answers);
    if (problems.length) throw fail(problems);
    app.answers = { ...app.answers, ...answers };
    this.derive(app);
    app.step = this.firstIncomplete(app);
    this.current = id;
    return clone(app);
  }

  async OpenStep(id: number, step: StepID): Promise<Application> {
    this.record("OpenStep", [id, step]);
    this.intake();
    const app = this.find(id);
    app.step = step;
    this.current = id;
    return clone(app);
  }

  async SubmitApplication(id: number): Promise<Application> {
    this.record("SubmitApplication", [id]);
    this.intake();
    const app = this.find(id);
    const missing = app.steps.filter((s) => s !== "check" && required[s].some((f) => !app.answers[f]));
    if (missing.length) {
      throw fail(missing.map((s) => ({ field: required[s as Exclude<StepID, "check">][0], id: "intake.error.stepNotAvailable" })));
    }
    app.status = "ready";
    app.step = "check";
    return clone(app);
  }

  async SearchApplications(query: string): Promise<ApplicationSearch> {
    this.record("SearchApplications", [query]);
    this.intake();
    const q = query.trim().toLowerCase();
    const found: ApplicationSummary[] = [...this.apps.values()]
      .filter((a) => !q || [a.answers.name, a.answers.nameKana, a.birthDate].some((v) => (v ?? "").toLowerCase().includes(q)))
      .map((a) => ({
        id: a.id, status: a.status, name: a.answers.name ?? "", nameKana: a.answers.nameKana ?? "",
        birthDate: a.birthDate, updatedAt: a.updatedAt,
      }));
    return { applications: found.slice(0, this.shownResults), more: found.length > this.shownResults };
  }

  // shownResults is how many applications a search returns (the desk's 50); a test lowers it to see "more".
  shownResults = 50;

  // seedSimilar sets the candidates SimilarApplications(id) returns.
  seedSimilar(id: number, candidates: SimilarApplication[]) {
    this.similar.set(id, clone(candidates));
  }

  async SimilarApplications(id: number): Promise<SimilarApplication[]> {
    this.record("SimilarApplications", [id]);
    this.intake();
    this.find(id);
    if (this.similarFails) throw fail([{ id: "app.error.unexpected" }]);
    return clone(this.similar.get(id) ?? []);
  }

  async NextApplicant(): Promise<void> {
    this.record("NextApplicant", []);
    this.signedIn();
    this.current = 0;
  }

  // ---- lost and stolen cards: the contract of app/desk/lostcard.go, with app/lostcard's lifecycle ----

  reports = new Map<number, LostCardReport>();
  lostCardRules: LostCardRules = {
    reissueFee: 1000, reissueFeeNoCertificates: 800, expressFee: 2000, expressWindowDays: 30,
    suspensionLine: "0120-95-0178", suspensionLineOption: 2, suspensionLineForeign: "0120-0178-27",
    foreignLineLanguages: ["en", "zh", "ko", "es", "pt", "vi", "th", "id", "tl", "ne"],
    lostItems: ["card", "smartphone", "both"], phoneSystems: ["android", "iphone"], kinds: ["lost", "stolen"],
    places: ["outside", "home", "fire"], sexes: ["male", "female", "unstated"],
    statuses: ["open", "suspended", "reissueApplied", "closed", "found", "lifted"],
    evidence: {
      lost: { outside: "police", home: "explanation", fire: "disaster" },
      stolen: { outside: "police", home: "police", fire: "disaster" },
    },
  };
  private static transitions: Record<LostCardStatus, LostCardStatus[]> = {
    open: ["suspended", "closed"], suspended: ["reissueApplied", "found"], reissueApplied: ["closed"],
    found: ["lifted"], closed: [], lifted: [],
  };

  private callCentre() {
    return this.signedIn(["callcentre"]);
  }

  private report(id: number): LostCardReport {
    const r = this.reports.get(id);
    if (!r) throw fail([{ id: "lostcard.error.notFound" }]);
    return r;
  }

  private withSamePerson(r: LostCardReport): LostCardReport {
    const a = r.answers;
    const four = ["name", "address", "birthDate", "sex"];
    const same = [...this.reports.values()].filter((o) =>
      o.id !== r.id && !["closed", "lifted"].includes(o.status) && four.every((f) => a[f] && o.answers[f] === a[f]));
    return clone({ ...r, samePerson: same.map((o) => this.summary(o)) });
  }

  private summary(r: LostCardReport): LostCardSummary {
    return { id: r.id, status: r.status, callerLanguage: r.callerLanguage, name: r.answers.name ?? "",
      startedAt: r.startedAt, expressUntil: r.expressUntil, version: r.version };
  }

  private mergeReport(r: LostCardReport, answers: Answers) {
    const problems: Problem[] = [];
    for (const [f, v] of Object.entries(answers ?? {})) {
      if (f === "birthDate" && v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) problems.push({ field: f, id: "lostcard.error.birthDate.format" });
      else if (f === "suspendedAt" && v && !/^\d{1,2}:\d{2}$/.test(v)) problems.push({ field: f, id: "lostcard.error.suspendedAt.format" });
    }
    if (problems.length) throw fail(problems);
    for (const [f, v] of Object.entries(answers ?? {})) {
      if (f === "callerLanguage") r.callerLanguage = v;
      else if (v) r.answers[f] = v;
      else delete r.answers[f];
    }
    const { kind, place } = r.answers;
    r.evidence = (kind && place && this.lostCardRules.evidence[kind]?.[place]) || "";
  }

  async LostCardRules(): Promise<LostCardRules> {
    this.record("LostCardRules", []);
    this.signedIn(["callcentre", "counter", "supervisor"]); // as app/desk/access.go's suspensionLines
    return clone(this.lostCardRules);
  }

  async StartLostCardReport(): Promise<LostCardReport> {
    this.record("StartLostCardReport", []);
    this.callCentre();
    const r: LostCardReport = {
      id: this.nextId++, status: "open", callerLanguage: "", answers: {}, startedAt: "2026-11-23T01:00:00.000Z",
      updatedAt: "2026-11-23T01:00:00.000Z", version: 1, evidence: "", expressUntil: "2026-12-22",
      next: ["suspended", "closed"], samePerson: [],
    };
    this.reports.set(r.id, r);
    return this.withSamePerson(r);
  }

  async GetLostCardReport(id: number): Promise<LostCardReport> {
    this.record("GetLostCardReport", [id]);
    this.callCentre();
    return this.withSamePerson(this.report(id));
  }

  async SaveLostCardReport(id: number, answers: Answers): Promise<LostCardReport> {
    this.record("SaveLostCardReport", [id, clone(answers)]);
    this.callCentre();
    const r = this.report(id);
    this.mergeReport(r, answers);
    r.version++;
    return this.withSamePerson(r);
  }

  async MoveLostCardReport(id: number, to: LostCardStatus, answers: Answers): Promise<LostCardReport> {
    this.record("MoveLostCardReport", [id, to, clone(answers)]);
    this.callCentre();
    const r = this.report(id);
    if (!FakeDesk.transitions[r.status].includes(to)) throw fail([{ id: "lostcard.error.transition" }]);
    const next = clone(r);
    this.mergeReport(next, answers);
    if (to === "suspended") {
      const need = ["name", "address", "birthDate", "sex", "lostItem", "kind", "place", "lostOn", "suspendedAt",
        "suspensionReference", "consequenceExplained"];
      const problems: Problem[] = next.callerLanguage ? [] : [{ field: "callerLanguage", id: "lostcard.error.required.callerLanguage" }];
      for (const f of need) if (!next.answers[f]) problems.push({ field: f, id: `lostcard.error.required.${f}` });
      if (problems.length) throw fail(problems);
    }
    next.status = to;
    next.next = [...FakeDesk.transitions[to]];
    next.version++;
    this.reports.set(id, next);
    return this.withSamePerson(next);
  }

  async LostCardFollowUps(): Promise<LostCardSummary[]> {
    this.record("LostCardFollowUps", []);
    this.callCentre();
    return [...this.reports.values()].filter((r) => !["closed", "lifted"].includes(r.status)).map((r) => this.summary(r));
  }

  async GetLostCardGuidance(id: number): Promise<LostCardGuidance> {
    this.record("GetLostCardGuidance", [id]);
    const u = this.callCentre();
    const r = this.report(id);
    const lang = r.callerLanguage || u.staffLanguage;
    const lines = (l: string) => [`guidance ${l}: ${r.status}`, `fee ${l}`];
    return { language: lang, caller: lines(lang), staff: lines(u.staffLanguage) };
  }

  async RecordLostCardGuidance(id: number, how: "print" | "copy"): Promise<void> {
    this.record("RecordLostCardGuidance", [id, how]);
    this.callCentre();
    this.report(id);
    if (this.auditRefuses) throw fail([{ id: "audit.error.notRecorded" }]);
  }

  // auditRefuses makes the record of a print or copy fail, as when the audit trail cannot be written.
  auditRefuses = false;

  async LostCardFigures(days: number): Promise<LostCardFigures> {
    this.record("LostCardFigures", [days]);
    this.signedIn(["callcentre", "supervisor"]);
    const all = [...this.reports.values()];
    const count = (pred: (r: LostCardReport) => boolean) => all.filter(pred).length;
    const langs = [...new Set(all.map((r) => r.callerLanguage))];
    return {
      from: "2026-11-17", to: "2026-11-23", days: 7, total: all.length,
      perDay: ["17", "18", "19", "20", "21", "22", "23"].map((d) => ({ key: `2026-11-${d}`, count: d === "23" ? all.length : 0 })),
      byLanguage: langs.map((l) => ({ key: l, count: count((r) => r.callerLanguage === l) })),
      byOutcome: this.lostCardRules.statuses.map((s) => ({ key: s, count: count((r) => r.status === s) })),
    };
  }

  // ---- the virtual card readers ----

  private reader(name: string): VirtualReader {
    const r = this.readers.find((x) => x.name === name);
    if (!r) throw fail([{ id: "card.error.noReader" }]);
    return r;
  }

  private cardOn(name: string): VirtualCard {
    const card = this.reader(name).card;
    if (!card) throw fail([{ id: "card.error.noCard" }]);
    return card;
  }

  private event(reader: string, kind: CardEvent["kind"]) {
    this.runtime.emit("card:event", { reader, kind } satisfies CardEvent);
  }

  // insertCard puts card on the reader and tells the screen, as the reader's driver does.
  insertCard(card: VirtualCard = virtualCard(), reader = this.readers[0]?.name ?? ""): VirtualCard {
    this.reader(reader).card = card;
    this.event(reader, "inserted");
    return card;
  }

  removeCard(reader = this.readers[0]?.name ?? "") {
    this.reader(reader).card = null;
    this.event(reader, "removed");
  }

  connectReader(name: string) {
    this.readers.push({ name, card: null });
    this.event(name, "readerAdded");
  }

  disconnectReader(name: string) {
    this.readers = this.readers.filter((r) => r.name !== name);
    this.event(name, "readerRemoved");
  }

  // holdCard keeps every card read waiting (to see the progress indicator) until the returned function is called.
  holdCard(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = null;
        resolve();
      };
    });
    return release;
  }

  private async read(reader: string) {
    for (let done = 1; done <= this.cardSteps; done++) {
      this.runtime.emit("card:progress", { reader, done, total: this.cardSteps } satisfies CardProgress);
      if (done === 1 && this.gate) await this.gate;
      await Promise.resolve();
    }
  }

  async ListReaders(): Promise<Reader[]> {
    this.record("ListReaders", []);
    this.intake();
    return this.readers.map((r) => ({ name: r.name, cardPresent: !!r.card }));
  }

  async CardStatus(reader: string): Promise<CardStatus> {
    this.record("CardStatus", [reader]);
    this.intake();
    this.cardOn(reader);
    await this.read(reader);
    const card = this.cardOn(reader); // it may have been taken off during the read
    // As the desk does: a card that is not a My Number card says nothing more (token "", no tries).
    return {
      reader, myNumberCard: card.myNumberCard, token: card.myNumberCard ? card.token : ("" as CardStatus["token"]),
      tries: card.myNumberCard ? { ...card.tries } : { cardInfo: 0, auth: 0, signature: 0 },
      certificateExpiry: card.myNumberCard ? card.certificateExpiry : "",
    };
  }

  async CheckHandover(applicationId: number, reader: string, pin: string, confirmLastTry: boolean): Promise<HandoverCheck> {
    // The PIN is recorded only as whether it was given, never its value.
    this.record("CheckHandover", [applicationId, reader, pin ? "(pin)" : "", confirmLastTry]);
    const user = this.intake();
    const app = this.find(applicationId);
    if (app.status !== "ready") throw fail([{ id: "intake.handover.error.notReady" }]);
    if (app.handedOver) throw fail([{ id: "intake.handover.error.already" }]);
    const card = this.cardOn(reader);
    if (!card.myNumberCard) throw fail([{ id: "card.error.notMyNumber" }]);
    const attempt: PinAttempt = { applicationId, confirmLastTry, triesBefore: card.tries.cardInfo, spent: false, outcome: "ok" };
    this.pinAttempts.push(attempt);
    const refuse = (kind: PinRefusalKind, tries = card.tries.cardInfo): never => {
      const problem = pinRefusal(kind, tries);
      attempt.outcome = problem.id;
      throw fail([problem]);
    };
    if (!/^\d{4}$/.test(pin)) refuse("format");
    if (card.tries.cardInfo === 0) refuse("blocked");
    if (card.tries.cardInfo === 1 && !confirmLastTry) refuse("lastTry");
    await this.read(reader);
    attempt.spent = true;
    if (pin !== card.pin) {
      card.tries.cardInfo--;
      refuse(card.tries.cardInfo === 0 ? "blocked" : "wrong");
    }
    card.tries.cardInfo = 3;
    const record: Record<BasicItem, string> = {
      name: app.answers.name ?? "", address: app.answers.address ?? "", birthDate: app.birthDate, sex: app.answers.sex ?? "",
    };
    const norm = (v: string) => v.normalize("NFKC").replace(/\s+/g, " ").trim();
    const items: ItemComparison[] = (["name", "address", "birthDate", "sex"] as BasicItem[]).map((item) => ({
      item, card: card.basic[item], record: record[item], same: norm(card.basic[item]) === norm(record[item]),
    }));
    const check: HandoverCheck = {
      applicationId, items, allMatch: items.every((i) => i.same),
      chipData: card.chipData, chipDataReasonId: card.chipDataReasonId,
      numberMasked: user.role === "counter" ? `•••• •••• ${card.number.slice(-4)}` : "",
      numberCheckDigitOK: user.role === "counter" && checkDigitOK(card.number),
      validity: card.validity ? { ...card.validity } : null,
    };
    this.checked.set(applicationId, check);
    return clone(check);
  }

  async CompleteHandover(applicationId: number, override: SupervisorOverride | null): Promise<Application> {
    this.record("CompleteHandover", [applicationId, override ? { username: override.username, reason: override.reason } : null]);
    const user = this.intake();
    const app = this.find(applicationId);
    if (app.handedOver) throw fail([{ id: "intake.handover.error.already" }]);
    const check = this.checked.get(applicationId);
    if (!check) throw fail([{ id: "desk.handover.error.checkFirst" }]);
    const differing = check.items.filter((i) => !i.same).map((i) => i.item);
    let overrideBy: number | undefined;
    let reason: string | undefined;
    if (differing.length) {
      if (!override) throw fail([{ id: "intake.handover.error.differs" }]);
      const sup = this.users.find((u) => u.username === override.username && u.password === override.password);
      if (!sup) throw fail([{ field: "password", id: "auth.signin.error.invalid" }]);
      if (sup.role !== "supervisor") throw fail([{ field: "username", id: "desk.handover.error.notSupervisor" }]);
      reason = override.reason.trim();
      if ([...reason].length < 10) throw fail([{ field: "reason", id: "intake.handover.reason.error.tooShort", args: { Min: 10 } }]);
      overrideBy = sup.id;
    }
    app.handedOver = {
      at: "2026-11-23T10:30:00Z", by: user.id, matched: !differing.length,
      ...(differing.length ? { differing, overrideBy, reason } : {}),
    };
    this.checked.delete(applicationId);
    return clone(app);
  }
}

// checkDigitOK is the individual number's check digit rule (the 12th digit from the 11 before it).
function checkDigitOK(number: string): boolean {
  if (!/^\d{12}$/.test(number)) return false;
  const d = [...number].map(Number);
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += d[11 - n] * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return d[11] === (r <= 1 ? 0 : 11 - r);
}

// installFakeDesk puts a new fake desk where Wails puts the real one, and its event source where the runtime is.
export function installFakeDesk(opts: FakeDeskOptions = {}): FakeDesk {
  const fake = new FakeDesk(opts);
  window.go = { desk: { Desk: fake } };
  window.runtime = { EventsOn: fake.runtime.EventsOn };
  return fake;
}

// A complete set of answers, for tests that start at the check-answers page.
export const completeAnswers: Answers = {
  applicantLanguage: "en",
  name: "NGUYEN VAN AN",
  alias: "",
  nameKana: "グエン ヴァン アン",
  birthCalendar: "gregorian",
  birthEra: "",
  birthYear: "1990",
  birthMonth: "4",
  birthDay: "12",
  sex: "male",
  postalCode: "160-0023",
  address: "東京都新宿区西新宿2-8-1",
  nationality: "VN",
  residenceStatus: "student",
  phone: "090-1234-5678",
  contactOther: "",
};
