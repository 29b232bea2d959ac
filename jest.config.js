// Three kinds of tests (STYLE.md): unit (*.spec.ts, pure), integration (*.int-spec.ts, real servers)
// and end-to-end (test/*.e2e-spec.ts, through the gateway). `npm test` runs all of them.
const moduleNameMapper = {
  '^@poe/contracts(.*)$': '<rootDir>/libs/contracts/src$1',
  '^@poe/platform(.*)$': '<rootDir>/libs/platform/src$1',
  '^@poe/testing(.*)$': '<rootDir>/test/support$1',
};
// Type checking is `tsc --noEmit` in scripts/test.sh; jest only transpiles, which keeps runs short.
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] };
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Service logs of int/e2e files go to .local/test-logs/ (test/support/test-logs.ts); this one names
  // a failed file's log in its failure message (it runs before the default reporter prints it).
  reporters: ['<rootDir>/test/support/test-logs-reporter.js', 'default'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/load-infra-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/test-logs.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/load-infra-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/test-logs.ts'],
    },
  ],
};
