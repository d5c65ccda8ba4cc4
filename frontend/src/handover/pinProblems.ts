import type { Problem } from "../api";

// The PIN refusals of CheckHandover, under the IDs of the contract (src/api.ts) and of the card package
// (app/card), which report the tries left as Tries or Count.
const lastTryIds = new Set(["card.error.lastTryNeedsConfirmation", "card.pin.lastTry"]);
const wrongPinIds = new Set(["card.error.wrongPin", "card.pin.wrong"]);
const blockedIds = new Set(["card.error.pinBlocked", "card.pin.blocked"]);

export interface PinRefusal {
  problems: Problem[]; // each tied to the field on this page the user acts on
  lastTry: boolean; // one try left: the PIN was not sent because the last try was not confirmed
  tries?: number; // tries left on the card-info input support PIN, when the refusal says
}

// readPinRefusal reads what a refused CheckHandover says about the PIN. The last-try refusal concerns the
// confirmation checkbox; a wrong PIN, the PIN field; a locked PIN, no field (the PIN field goes).
export function readPinRefusal(problems: Problem[]): PinRefusal {
  const out: PinRefusal = { problems: [], lastTry: false };
  for (const p of problems) {
    const n = p.args?.Tries ?? p.args?.Count;
    if (lastTryIds.has(p.id)) {
      out.lastTry = true;
      out.tries = n === undefined ? 1 : Number(n);
      out.problems.push({ ...p, field: "confirmLastTry" });
    } else if (wrongPinIds.has(p.id)) {
      if (n !== undefined) out.tries = Number(n);
      out.problems.push({ ...p, field: "pin" });
    } else if (blockedIds.has(p.id)) {
      out.tries = 0;
      const { field: _field, ...rest } = p;
      out.problems.push(rest);
    } else {
      out.problems.push(p);
    }
  }
  return out;
}
