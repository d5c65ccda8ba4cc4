import { useCallback, useEffect, useRef, useState } from "react";
import { asFailure, type Boot, type Language, type Problem, type User } from "./api";
import { PlainHeader } from "./components/Header";
import { dataShut, desk, onSessionLost } from "./desk";
import { catalog, startLanguage, textDirection, translate } from "./i18n";
import { useIdleLock } from "./idle";
import { forgetUnsaved, keepUnsaved } from "./intake/unsaved";
import { StaffLanguage } from "./language";
import { BootScreen, StartupProblemScreen } from "./screens/BootScreen";
import { CreateAdminScreen } from "./screens/CreateAdminScreen";
import { DeskArea } from "./screens/DeskArea";
import { Layout } from "./screens/Layout";
import { LockedScreen } from "./screens/LockedScreen";
import { SetUpProtectionScreen, UnlockDataScreen } from "./screens/ProtectionScreens";
import { SignInScreen } from "./screens/SignInScreen";

type Screen =
  | { kind: "booting" }
  | { kind: "startupProblem"; problems: Problem[] }
  // notice says why the data must be opened again (another desk changed the data key); user is who was working,
  // who goes back to the same page once it is open.
  | { kind: "unlockData"; notice?: Problem[]; user?: User }
  | { kind: "setUpProtection"; user: User | null } // user: an administrator protecting an older database
  | { kind: "createAdmin" }
  | { kind: "signIn"; notice: Problem[] }
  // Idle-locked: nothing names the signed-in user (a passer-by must not learn who it is). lang is the language the
  // desk was in, "" after a Boot (which names no one): the sign-in screen's language.
  | { kind: "locked"; lang: string }
  | { kind: "desk"; user: User };

// Until Boot answers, the languages are those of the catalog, each named by its meta.language.name.
function catalogLanguages(): Language[] {
  return Object.keys(catalog).map((tag) => ({ tag, name: translate(tag, "meta.language.name") }));
}

// clearAnnouncements empties react-aria's screen-reader announcer, which lives outside the React tree.
function clearAnnouncements() {
  for (const log of document.querySelectorAll("[data-live-announcer] [role=log]")) log.replaceChildren();
}

// bridgeReady waits briefly for Wails to inject window.go (it may arrive just after the page's script runs).
async function bridgeReady(ms = 3000) {
  const until = Date.now() + ms;
  while (!window.go?.desk?.Desk && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

// App is the shell: it decides which screen is up (boot, first run, sign in, locked, the desk), holds the
// staff language, runs the idle lock, and resets everything for the next applicant.
export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: "booting" });
  const [languages, setLanguages] = useState<Language[]>(catalogLanguages);
  const [idleMinutes, setIdleMinutes] = useState(5);
  const [version, setVersion] = useState("");
  const [settling, setSettling] = useState(false);
  const [preLang, setPreLang] = useState(() => startLanguage(Object.keys(catalog)));
  const [deskKey, setDeskKey] = useState(0);
  const [openDraftId, setOpenDraftId] = useState(0);
  const [resumeId, setResumeId] = useState(0);
  const current = useRef(0); // the application on screen: reopened after an unlock
  // The locked screen's own language, when whoever stands at the desk picks another: the user's setting is not
  // changed (changing it needs the unlocked session), and unlocking returns to it.
  const [lockedLang, setLockedLang] = useState("");

  const user = screen.kind === "desk" ? screen.user : null;
  const tags = languages.map((l) => l.tag);
  // A user whose language is not set (or not in the catalog) keeps the language the sign-in screen was in.
  const userLang = user ? startLanguage(tags.length ? tags : Object.keys(catalog), [user.staffLanguage, preLang]) : preLang;
  const lang = screen.kind === "locked" ? lockedLang || screen.lang || preLang : userLang;
  const langNow = useRef(lang); // for lock(), which keeps the language the desk was in
  langNow.current = lang;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = textDirection(lang);
  }, [lang]);

  const applyBoot = useCallback((b: Boot) => {
    if (b.languages?.length) setLanguages(b.languages);
    setIdleMinutes(b.idleMinutes);
    setVersion(b.version);
    setOpenDraftId(b.openDraftId);
  }, []);

  const boot = useCallback(async () => {
    setScreen({ kind: "booting" });
    try {
      await bridgeReady();
      const b = await desk.Boot();
      applyBoot(b);
      if (b.protection === "locked") setScreen({ kind: "unlockData" });
      else if (b.protection === "needsSetup" && b.needsAdmin) setScreen({ kind: "setUpProtection", user: null });
      else if (b.needsAdmin) setScreen({ kind: "createAdmin" });
      else if (b.locked) setScreen({ kind: "locked", lang: "" });
      else if (!b.user) setScreen({ kind: "signIn", notice: [] });
      else setScreen({ kind: "desk", user: b.user });
    } catch (err) {
      setScreen({ kind: "startupProblem", problems: asFailure(err).problems });
    }
  }, [applyBoot]);

  useEffect(() => {
    void boot();
  }, [boot]);

  // Forget the applicant: the desk tree remounts empty, on the counter home.
  const forgetApplicant = useCallback(() => {
    forgetUnsaved();
    clearAnnouncements();
    current.current = 0;
    setResumeId(0);
    setOpenDraftId(0);
    setDeskKey((k) => k + 1);
  }, []);

  const lock = useCallback(() => {
    keepUnsaved();
    clearAnnouncements();
    setScreen((s) => (s.kind === "desk" ? { kind: "locked", lang: langNow.current } : s));
  }, []);

  useEffect(
    () =>
      onSessionLost((failure) => {
        if (dataShut(failure)) {
          keepUnsaved();
          setScreen((s) => ({ kind: "unlockData", notice: failure.problems, user: s.kind === "desk" ? s.user : undefined }));
          return;
        }
        if (failure.problems.some((p) => p.id === "auth.locked")) {
          lock();
          return;
        }
        forgetApplicant();
        setScreen({ kind: "signIn", notice: failure.problems });
      }),
    [lock, forgetApplicant],
  );

  useIdleLock(screen.kind === "desk", idleMinutes, lock);

  // After signing in, ask Boot again: it knows this user's unfinished application and the idle time.
  const enterDesk = useCallback(
    (u: User) => {
      const known = languages.map((l) => l.tag);
      setPreLang(startLanguage(known.length ? known : Object.keys(catalog), [u.staffLanguage, preLang]));
      forgetApplicant();
      setScreen({ kind: "desk", user: u });
      // Until this Boot answers, the desk may still redraw (the languages, an unfinished application): <main> says
      // it is busy, so a screen reader waits for it, and so can the end-to-end tests.
      setSettling(true);
      desk
        .Boot()
        .then((b) => {
          applyBoot(b);
          // A database from before encryption: its administrator sets the passphrase first.
          if (b.protection === "needsSetup" && u.role === "admin") setScreen({ kind: "setUpProtection", user: u });
        }, () => undefined)
        .finally(() => setSettling(false));
    },
    [applyBoot, forgetApplicant, languages, preLang],
  );

  async function adminCreated(u: User) {
    // The first account is created in Japanese; keep the language it was created in.
    if (u.staffLanguage !== preLang) {
      try {
        u = await desk.SetStaffLanguage(preLang);
      } catch {
        /* stays in the default language; the header can change it */
      }
    }
    enterDesk(u);
  }

  async function signOut() {
    try {
      await desk.SignOut();
    } catch {
      /* signed out on this screen regardless */
    }
    setPreLang(lang);
    setLockedLang("");
    forgetApplicant();
    setScreen({ kind: "signIn", notice: [] });
  }

  async function nextApplicant() {
    try {
      await desk.NextApplicant();
    } catch {
      /* a lock is handled by the listener; the screen is cleared regardless */
    }
    forgetApplicant();
  }

  function unlocked(u: User) {
    setLockedLang("");
    setResumeId(current.current);
    setScreen({ kind: "desk", user: u });
  }

  const onCurrent = useCallback((id: number) => {
    current.current = id;
  }, []);

  const plainHeader = (
    <PlainHeader
      languages={languages}
      staffLanguage={lang}
      onStaffLanguage={screen.kind === "locked" ? setLockedLang : setPreLang}
    />
  );

  let body;
  switch (screen.kind) {
    case "booting":
      body = <BootScreen />;
      break;
    case "startupProblem":
      body = <StartupProblemScreen problems={screen.problems} onRetry={() => void boot()} />;
      break;
    case "unlockData":
      body = <UnlockDataScreen notice={screen.notice} onDone={() => (screen.user ? unlocked(screen.user) : void boot())} />;
      break;
    case "setUpProtection": {
      const admin = screen.user;
      body = <SetUpProtectionScreen onDone={() => (admin ? setScreen({ kind: "desk", user: admin }) : void boot())} />;
      break;
    }
    case "createAdmin":
      body = <CreateAdminScreen onCreated={(u) => void adminCreated(u)} />;
      break;
    case "signIn":
      body = <SignInScreen notice={screen.notice} onSignedIn={enterDesk} />;
      break;
    case "locked":
      body = <LockedScreen onUnlocked={unlocked} onSignOut={() => void signOut()} />;
      break;
    case "desk":
      return (
        <StaffLanguage lang={lang}>
          <DeskArea
            key={deskKey}
            user={screen.user}
            languages={languages}
            idleMinutes={idleMinutes}
            version={version}
            busy={settling}
            openDraftId={openDraftId}
            resumeId={resumeId}
            onUser={(u) => setScreen((s) => (s.kind === "desk" ? { ...s, user: u } : s))}
            onIdleMinutes={setIdleMinutes}
            onCurrent={onCurrent}
            onNextApplicant={() => void nextApplicant()}
            onSignOut={() => void signOut()}
          />
        </StaffLanguage>
      );
  }
  return (
    <StaffLanguage lang={lang}>
      <Layout header={plainHeader} version={version}>
        {body}
      </Layout>
    </StaffLanguage>
  );
}
