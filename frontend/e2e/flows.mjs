// Steps shared by the end-to-end tests: finding things by the text the catalog gives them,
// signing in, and filling an application step by step.
import { t } from "./catalog.mjs";

export async function heading(page, text) {
  await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor({ timeout: 10000 });
}

export function field(page, lang, id) {
  return page.getByLabel(t(lang, id), { exact: true });
}

export async function click(page, lang, id, args) {
  await page.getByRole("button", { name: t(lang, id, args), exact: true }).click();
}

export async function radio(page, name) {
  await page.getByRole("radio", { name, exact: true }).check({ force: true });
}

export async function choose(page, label, option) {
  await page.getByRole("button", { name: new RegExp(label) }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

export async function signIn(page, lang, username, password) {
  await heading(page, t(lang, "signin.title"));
  await field(page, lang, "signin.username.label").fill(username);
  await field(page, lang, "signin.password.label").fill(password);
  await click(page, lang, "signin.submit");
}

// settled waits until the desk has finished drawing after a sign-in: it asks Boot again then, and <main> is marked
// aria-busy until the answer is in (App.enterDesk).
export async function settled(page) {
  await page.locator('main#main:not([aria-busy="true"])').waitFor();
}

export async function signOut(page, lang) {
  await click(page, lang, "header.signOut");
}

// The steps of one application, each a function that fills its page in the staff language.
export function steps(lang, who) {
  return {
    language: async (page) => radio(page, who.applicantLanguageName),
    name: async (page) => field(page, lang, "intake.name.name.label").fill(who.name),
    kana: async (page) => field(page, lang, "intake.kana.nameKana.label").fill(who.kana),
    birth: async (page) => {
      await radio(page, t(lang, `intake.birth.birthCalendar.option.${who.birth.calendar}`));
      if (who.birth.era) await choose(page, t(lang, "intake.birth.birthEra.label"), t(lang, `date.era.${who.birth.era}`));
      await field(page, lang, "intake.birth.birthYear.label").fill(who.birth.year);
      await field(page, lang, "intake.birth.birthMonth.label").fill(who.birth.month);
      await field(page, lang, "intake.birth.birthDay.label").fill(who.birth.day);
    },
    sex: async (page) => radio(page, t(lang, `intake.sex.sex.option.${who.sex}`)),
    address: async (page) => {
      await field(page, lang, "intake.address.postalCode.label").fill(who.postalCode);
      await field(page, lang, "intake.address.address.label").fill(who.address);
    },
    nationality: async (page) => {
      const box = page.getByRole("combobox", { name: t(lang, "intake.nationality.nationality.label") });
      await box.fill(who.nationality.type);
      await page.getByRole("option", { name: who.nationality.pick, exact: true }).click();
    },
    residence: async (page) => {
      await choose(page, t(lang, "intake.residence.residenceStatus.label"), t(lang, `residence.status.${who.residence}`));
      if (who.stayUntil) await field(page, lang, "intake.residence.stayUntil.label").fill(who.stayUntil);
    },
    contact: async (page) => field(page, lang, "intake.contact.phone.label").fill(who.phone),
    // Counter staff only. who.number: the Individual Number typed twice, or none to leave it off.
    number: async (page) => {
      await radio(page, t(lang, `intake.number.recordNumber.option.${who.number ? "yes" : "no"}`));
      if (!who.number) return;
      await field(page, lang, "intake.number.number.label").fill(who.number);
      await field(page, lang, "intake.number.numberAgain.label").fill(who.number);
    },
  };
}

// answer fills one step, checks the page, and continues.
export async function answer(page, lang, step, fill, tag, screen = async () => {}) {
  await heading(page, t(lang, `intake.${step}.title`));
  await fill(page);
  await screen(page, `${tag}-${step}`);
  await click(page, lang, "common.continue");
}


// accountForm fills the account fields shared by the first-run and the admin screens.
async function accountForm(page, lang, { username, displayName, password, role }) {
  await field(page, lang, "account.username.label").fill(username);
  await field(page, lang, "account.displayName.label").fill(displayName);
  if (role) await choose(page, t(lang, "account.role.label"), t(lang, `auth.role.${role}`));
  await field(page, lang, "account.password.label").fill(password);
  await field(page, lang, "account.confirm.label").fill(password);
}

// dataPassphrase protects the e2e databases' data keys.
export const dataPassphrase = "long enough data passphrase";

// setUpProtection sets the data passphrase on a new database's first screen.
export async function setUpProtection(page, lang) {
  await heading(page, t(lang, "protection.setup.title"));
  await field(page, lang, "protection.passphrase.label").fill(dataPassphrase);
  await field(page, lang, "protection.passphraseConfirm.label").fill(dataPassphrase);
  await click(page, lang, "protection.setup.submit");
}

// createAdmin takes a new installation through its first screens: the data passphrase, then the administrator.
// Pass {protect: false} when the passphrase screen was already taken.
export async function createAdmin(page, lang, account, { protect = true } = {}) {
  if (protect) await setUpProtection(page, lang);
  await heading(page, t(lang, "createAdmin.title"));
  await accountForm(page, lang, account);
  await click(page, lang, "createAdmin.submit");
  await heading(page, t(lang, "admin.title"));
  await settled(page);
}

// openApplication finds an application by the applicant's name from the counter home (Japanese staff) and opens it.
export async function openApplication(page, name) {
  await field(page, "ja", "counter.search.label").fill(name);
  await click(page, "ja", "counter.search.button");
  await page.getByRole("link", { name, exact: true }).first().click();
  await heading(page, t("ja", "readyApplication.title"));
}

// addAccount adds a staff account on the admin screen and waits for its confirmation.
export async function addAccount(page, lang, account) {
  await heading(page, t(lang, "admin.title"));
  await accountForm(page, lang, account);
  await click(page, lang, "admin.newUser.submit");
  await page.getByText(t(lang, "admin.userCreated", { Name: account.displayName, Username: account.username })).waitFor();
}

// japanDay is the calendar day in Japan `days` days from now, as the Go rules count it, split as the date
// questions ask for it.
export function japanDay(days = 0) {
  const d = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400 * 1000);
  return { y: String(d.getUTCFullYear()), m: String(d.getUTCMonth() + 1), d: String(d.getUTCDate()) };
}

// fillDate fills the year/month/day boxes of one case-form date question (a fieldset named by its legend).
export async function fillDate(page, lang, legendId, { y, m, d }) {
  const group = page.getByRole("group", { name: t(lang, legendId) });
  await group.getByLabel(t(lang, "cases.date.year"), { exact: true }).fill(y);
  await group.getByLabel(t(lang, "cases.date.month"), { exact: true }).fill(m);
  await group.getByLabel(t(lang, "cases.date.day"), { exact: true }).fill(d);
}

// yesNo answers one of the case forms' yes/no questions (a radio group named by its label).
export async function yesNo(page, lang, labelId, yes) {
  const group = page.getByRole("radiogroup", { name: t(lang, labelId) });
  await group.getByRole("radio", { name: t(lang, yes ? "cases.yes" : "cases.no"), exact: true }).check({ force: true });
}
