// The test tiers, each a jest project that can run alone (`jest --selectProjects unit`):
// - unit: pure functions and classes, no database; seconds.
// - integration: the real server code against a real database (embedded PGlite, or PostgreSQL when
//   DATABASE_URL is set), in process.
// - cli: the command line through its entry point, plus one child-process smoke test.
// The browser tests (test/e2e) have their own config, jest.e2e.config.js.
const common = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFiles: ["reflect-metadata"],
};

module.exports = {
  testTimeout: 60000,
  // every core: the embedded database is single-threaded, so each worker keeps one busy (jest's default
  // leaves one idle, which on a 2-core machine runs the whole suite in one process)
  maxWorkers: "100%",
  projects: [
    { ...common, displayName: "unit", roots: ["<rootDir>/test/unit"], testMatch: ["**/*.test.ts"] },
    { ...common, displayName: "integration", roots: ["<rootDir>/test/integration"], testMatch: ["**/*.test.ts"] },
    { ...common, displayName: "cli", roots: ["<rootDir>/test/cli"], testMatch: ["**/*.test.ts"] },
  ],
};
