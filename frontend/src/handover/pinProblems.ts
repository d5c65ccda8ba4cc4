import type { Problem } from "../api";

// The PIN refusals of CheckHandover, as the card package (app/card Problem) words them, all on the field "pin":
// card.pin.lastTry (no argument: one try is left), card.pin.wrong {Count: tries left}, card.pin.blocked.

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
    const n = p.args?.Count;
    if (p.id === "card.pin.lastTry") {
      out.lastTry = true;
      out.tries = n === undefined ? 1 : Number(n);
      out.problems.push({ ...p, field: "confirmLastTry" });
    } else if (p.id === "card.pin.wrong") {
      if (n !== undefined) out.tries = Number(n);
      out.problems.push({ ...p, field: "pin" });
    } else if (p.id === "card.pin.blocked") {
      out.tries = 0;
      const { field: _field, ...rest } = p;
      out.problems.push(rest);
    } else {
      out.problems.push(p);
    }
  }
  return out;
}
