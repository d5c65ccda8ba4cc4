// The application → handover journey (handover.test.mjs, run as it is) with the app on an office's PostgreSQL
// database instead of the SQLite file (issue 15): the harness passes --database to the app and to its commands when
// MADOGUCHI_E2E_DATABASE gives the database's URL. `make test-e2e` runs this file once more beside a throwaway
// server (build/pg.sh) with a database made for it; without the variable there is nothing to run here.
import { test } from "node:test";
import { database } from "./harness.mjs";

if (database) {
  console.log(`the handover journey on ${database.replace(/\/\/[^@/]*@/, "//…@")}`);
  await import("./handover.test.mjs");
} else {
  test("handover on PostgreSQL", { skip: "MADOGUCHI_E2E_DATABASE is unset: make test-e2e sets it for this file" }, () => {});
}
