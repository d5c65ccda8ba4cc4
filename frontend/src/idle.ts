import { useEffect } from "react";
import { desk } from "./desk";

// How often activity is reported to the desk at most (the Go session measures idleness from its last call).
export const touchEveryMs = 20_000;
const activityEvents = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

// useIdleLock calls onIdle after minutes without pointer or key activity, and tells the desk about activity
// (api.Touch, at most once per touchEveryMs). A Touch that finds the desk already locked reaches the shell
// through desk.ts like any other call.
export function useIdleLock(active: boolean, minutes: number, onIdle: () => void) {
  useEffect(() => {
    if (!active || !(minutes > 0)) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    let lastTouch = last; // signing in or unlocking has just touched the session
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) onIdle();
      else timer = setTimeout(check, limit - idle);
    };
    const activity = () => {
      last = Date.now();
      if (last - lastTouch >= touchEveryMs) {
        lastTouch = last;
        desk.Touch().catch(() => undefined);
      }
    };
    timer = setTimeout(check, limit);
    for (const e of activityEvents) document.addEventListener(e, activity, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of activityEvents) document.removeEventListener(e, activity, { capture: true });
    };
  }, [active, minutes, onIdle]);
}
