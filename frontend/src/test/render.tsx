// Test only: render the whole app against a fake desk, the way the window does.
import { expect } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import { App } from "../App";
import { installFakeDesk, type FakeDeskOptions } from "./fakeDesk";

export async function renderApp(opts: FakeDeskOptions = {}) {
  const fake = installFakeDesk(opts);
  const view = render(<App />);
  await waitFor(() => expect(fake.callsTo("Boot").length).toBeGreaterThan(0));
  await screen.findByRole("heading", { level: 1 });
  return { fake, ...view };
}

// h1 waits for the page whose heading is name.
export function h1(name: string | RegExp) {
  return screen.findByRole("heading", { level: 1, name });
}
