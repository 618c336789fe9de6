// Unit and integration tests: real database (embedded PGlite, or PostgreSQL when DATABASE_URL is set).
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/test/e2e/"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFiles: ["reflect-metadata"],
  testTimeout: 60000,
};
