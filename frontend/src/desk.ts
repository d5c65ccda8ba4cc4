// desk is api (the fixed bridge contract) plus one thing every screen needs: when any call says the desk is
// locked or nobody is signed in, the app shell hears about it and changes screen, wherever the call was made.
import { api, asFailure, type Failure } from "./api";

type Listener = (failure: Failure) => void;
const listeners = new Set<Listener>();

// onSessionLost registers a listener for failures that end what is on screen (auth.locked, desk.error.signedOut,
// auth.unlock.error.signedOut: too many wrong passwords at the idle lock; vault.error.keyChanged: another desk
// changed the data key, and this desk's data stays shut until the passphrase opens it again).
export function onSessionLost(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const sessionEndingProblems = ["auth.locked", "desk.error.signedOut", "auth.unlock.error.signedOut", "vault.error.keyChanged", "vault.error.locked"];

// dataShut says the failure is the data being shut (the data key changed at another desk, or the vault locked):
// the screen to go to is "Open the data", not sign-in.
export function dataShut(failure: Failure): boolean {
  return failure.problems.some((p) => p.id === "vault.error.keyChanged" || p.id === "vault.error.locked");
}

export function endsSession(failure: Failure): boolean {
  return failure.problems.some((p) => sessionEndingProblems.includes(p.id));
}

export const desk: typeof api = new Proxy({} as typeof api, {
  get(_t, name: string) {
    if (name === "then") return undefined; // not a promise
    return async (...args: unknown[]) => {
      try {
        return await (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name](...args);
      } catch (err) {
        const failure = asFailure(err);
        if (endsSession(failure)) for (const l of [...listeners]) l(failure);
        throw failure;
      }
    };
  },
});
