// What a staff member typed on a question page (or a call-centre report page) but had not saved when the desk locked. It is kept in memory
// only (never in the page while locked), given back to the same question after unlocking, and forgotten on
// Next applicant and Sign out.
import type { Answers, StepID } from "../api";

interface Unsaved {
  applicationId: number; // the application, or the lost-card report, on screen
  step: StepID | "lostcard"; // the question page, or "lostcard" for a call centre's report page
  values: Answers;
}

let provider: (() => Unsaved) | null = null;
let kept: Unsaved | null = null;

// offerUnsaved is called by the question page on screen; it returns the function that withdraws the offer.
export function offerUnsaved(get: () => Unsaved): () => void {
  provider = get;
  return () => {
    if (provider === get) provider = null;
  };
}

// keepUnsaved takes the values of the question on screen, just before the desk locks.
export function keepUnsaved() {
  if (provider) kept = provider();
}

// unsavedFor gives back what was kept for this question (the page then calls forgetUnsaved once it is up:
// reading has no side effect, so React may call a state initialiser twice).
export function unsavedFor(applicationId: number, step: Unsaved["step"]): Answers | null {
  if (!kept || kept.applicationId !== applicationId || kept.step !== step) return null;
  return { ...kept.values };
}

export function forgetUnsaved() {
  kept = null;
}
