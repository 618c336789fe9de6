// End-to-end tests: the compiled server (`npm run build` first) driven by a real Chromium.
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  testTimeout: 120000,
  maxWorkers: 1,
};
