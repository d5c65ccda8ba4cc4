import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

// Go embeds frontend/dist, and //go:embed fails on an empty folder: keep the
// tracked placeholder after Vite empties dist/ for a build.
function keepGitkeep(): Plugin {
  return {
    name: "madoguchi-keep-gitkeep",
    apply: "build",
    closeBundle() {
      writeFileSync(resolve(import.meta.dirname, "dist", ".gitkeep"), "");
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [react(), keepGitkeep()],
  // The message catalog lives at the repository root (locales/), shared with Go.
  server: { fs: { allow: [".."] } },
  // One bundle for a desktop window that loads it from disk: size matters less than a single request.
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // CI machines have 2 cores shared with Go builds; the default 5 s is too tight for full-page tests.
    testTimeout: 30000,
  },
});
