// The typed bridge to the Go desk facade (app/desk), bound by Wails as window.go.desk.Desk.
// Every call returns a promise; a rejected call carries a Failure (see below), never a bare string.

export type Role = "counter" | "supervisor" | "ngo" | "callcentre" | "admin";

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  staffLanguage: string; // BCP 47 tag of the language this staff member's screens use
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
}

export interface Boot {
  version: string;
  needsAdmin: boolean; // first run: no account exists yet
  user: User | null; // signed-in user, or null
  locked: boolean; // signed in but idle-locked: ask for the password again
  idleMinutes: number;
  languages: Language[];
  openDraftId: number; // the signed-in user's latest draft application, 0 if none
}

export type StepID =
  | "language" | "name" | "kana" | "birth" | "sex" | "address"
  | "nationality" | "residence" | "contact" | "check";

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
}

export interface ApplicationSummary {
  id: number;
  status: "draft" | "ready";
  name: string;
  nameKana: string;
  birthDate: string;
  updatedAt: string;
}

export interface Choices {
  countries: string[]; // ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the staff language
  residenceStatuses: string[]; // IDs; label message "residence.status.<id>"
  eras: string[]; // "meiji".."reiwa"; label message "date.era.<id>"
}

type DeskMethods = {
  Boot(): Promise<Boot>;
  Touch(): Promise<void>; // records activity; rejects with auth.locked when the idle limit passed
  CreateAdmin(username: string, displayName: string, password: string, confirm: string): Promise<User>;
  SignIn(username: string, password: string): Promise<User>;
  Unlock(password: string): Promise<User>;
  SignOut(): Promise<void>;
  SetStaffLanguage(tag: string): Promise<User>;
  // admin
  ListUsers(): Promise<User[]>;
  CreateUser(username: string, displayName: string, role: Role, password: string, confirm: string): Promise<User>;
  SetIdleMinutes(minutes: number): Promise<number>;
  // intake (counter, supervisor, admin)
  Choices(): Promise<Choices>;
  StartApplication(): Promise<Application>;
  GetApplication(id: number): Promise<Application>;
  SaveStep(id: number, step: StepID, answers: Answers): Promise<Application>;
  OpenStep(id: number, step: StepID): Promise<Application>; // back link / Change: records where the user is
  SubmitApplication(id: number): Promise<Application>;
  SearchApplications(query: string): Promise<ApplicationSummary[]>;
  NextApplicant(): Promise<void>; // forgets the current application on the backend side too
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
