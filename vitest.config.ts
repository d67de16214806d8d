import { defineConfig } from "vitest/config";

// One `vitest run` drives every suite. Integration tests run once per database kind:
// always on embedded PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
const pg = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    // vitest's default is one worker fewer than the CPUs: one, on CI's two cores, so every file ran
    // after the other. Most files wait on another process (PostgreSQL, the server, Chromium, the
    // fake Interpol), so two side by side use both cores. The e2e files take the same two workers
    // (each starts its own server on a free port, with its own data folder and browser): run one at
    // a time after the rest, they were a 400-second tail on their own.
    maxWorkers: 2,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx"],
          environment: "node",
          // A harness limit, not an assertion: some unit tests talk to the fake service over HTTP,
          // and a loaded 2-core CI machine can take longer than vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration-pglite",
          include: ["tests/integration/**/*.test.ts", "tests/integration/**/*.test.tsx"],
          environment: "node",
          env: { A3_TEST_DB: "pglite" },
          globalSetup: ["./tests/support/pglite-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(pg
        ? [
            {
              test: {
                name: "integration-postgres",
                include: ["tests/integration/**/*.test.ts", "tests/integration/**/*.test.tsx"],
                environment: "node",
                env: { A3_TEST_DB: "postgres" },
                globalSetup: ["./tests/support/pg-template.ts"],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./tests/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
