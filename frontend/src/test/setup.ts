import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

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
