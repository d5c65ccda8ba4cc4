// Test only: an in-memory desk installed as window.go.desk.Desk, mimicking the Go facade's contract
// (src/api.ts): validation rejects with {problems: [{field, id, args}]}, one problem per wrong field, in field order.
import type {
  Answers, Application, ApplicationSummary, Boot, Choices, EraDate, Failure, Language, Problem, Role, StepID, User,
} from "../api";

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
};

const eraStart: Record<EraDate["era"], string> = {
  meiji: "1868-10-23", taisho: "1912-07-30", showa: "1926-12-25", heisei: "1989-01-08", reiwa: "2019-05-01",
};

interface StoredUser extends User {
  password: string;
}

function fail(problems: Problem[]): Failure {
  return { problems };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export interface FakeDeskOptions {
  needsAdmin?: boolean;
  signedIn?: Role | null; // sign in a user of this role at start
  staffLanguage?: string;
  locked?: boolean;
  idleMinutes?: number;
  languages?: Language[];
}

export class FakeDesk implements DeskMethods {
  users: StoredUser[] = [];
  apps = new Map<number, Application>();
  session: StoredUser | null = null;
  locked = false;
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

  constructor(opts: FakeDeskOptions = {}) {
    this.idleMinutes = opts.idleMinutes ?? 5;
    this.languages = opts.languages ?? [{ tag: "ja", name: "日本語" }, { tag: "en", name: "English" }];
    if (!opts.needsAdmin) {
      this.addUser("admin", "Admin Kanri", "admin", "correct horse battery", "ja");
      this.addUser("tanaka", "田中 花子", "counter", "correct horse battery", opts.staffLanguage ?? "ja");
    }
    if (opts.signedIn) {
      this.session = this.users.find((u) => u.role === opts.signedIn) ?? null;
      if (this.session && opts.staffLanguage) this.session.staffLanguage = opts.staffLanguage;
    }
    this.locked = !!opts.locked;
  }

  addUser(username: string, displayName: string, role: Role, password: string, staffLanguage = "ja"): User {
    const u: StoredUser = { id: this.users.length + 1, username, displayName, role, password, staffLanguage };
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

  private intake() {
    return this.signedIn(["counter", "supervisor"]);
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
      birthDate: "", birthEra: null, updatedAt: "2026-11-23T10:00:00Z",
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
      user: this.session ? this.publicUser(this.session) : null, locked: !!this.session && this.locked,
      idleMinutes: this.idleMinutes, languages: clone(this.languages), openDraftId,
    };
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

  async Unlock(password: string): Promise<User> {
    this.record("Unlock", []);
    if (!this.session) throw fail([{ id: "desk.error.signedOut" }]);
    if (password !== this.session.password) throw fail([{ field: "password", id: "auth.signin.error.invalid" }]);
    this.locked = false;
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

  async ListUsers(): Promise<User[]> {
    this.record("ListUsers", []);
    this.signedIn(["admin"]);
    return this.users.map((u) => this.publicUser(u));
  }

  async CreateUser(username: string, displayName: string, role: Role, password: string, confirm: string): Promise<User> {
    this.record("CreateUser", [username, displayName, role]);
    this.signedIn(["admin"]);
    this.checkUser(username, displayName, role, password, confirm);
    return this.addUser(username, displayName, role, password);
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

  async SearchApplications(query: string): Promise<ApplicationSummary[]> {
    this.record("SearchApplications", [query]);
    this.intake();
    const q = query.trim().toLowerCase();
    return [...this.apps.values()]
      .filter((a) => !q || [a.answers.name, a.answers.nameKana, a.birthDate].some((v) => (v ?? "").toLowerCase().includes(q)))
      .map((a) => ({
        id: a.id, status: a.status, name: a.answers.name ?? "", nameKana: a.answers.nameKana ?? "",
        birthDate: a.birthDate, updatedAt: a.updatedAt,
      }));
  }

  async NextApplicant(): Promise<void> {
    this.record("NextApplicant", []);
    this.signedIn();
    this.current = 0;
  }
}

// installFakeDesk puts a new fake desk where Wails puts the real one.
export function installFakeDesk(opts: FakeDeskOptions = {}): FakeDesk {
  const fake = new FakeDesk(opts);
  window.go = { desk: { Desk: fake } };
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
