import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor wait up to 1 s by default: too short on a 2-core CI machine building Go at the same time, where
// a full page with its fake desk calls can take longer to settle. A real failure still fails, 5 s later.
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks CSS.escape, which react-aria's list boxes use.
const g = globalThis as unknown as { CSS?: { escape?: (s: string) => string } };
g.CSS ??= {};
g.CSS.escape ??= (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);

afterEach(() => {
  cleanup();
  delete window.go;
  delete window.runtime;
  document.title = "";
});
