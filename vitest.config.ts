import { defineConfig } from 'vitest/config';

// The AWS SDK warns on every client under Node 20; the stack and the tests run there.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Two projects, so that a unit-only run (`vitest run test/unit`) starts no emulators: Vitest runs
 * a project's globalSetup only when that project has test files in the run.
 * - unit: test/unit/**, pure.
 * - integration: test/integration/** and test/e2e/**, on the local stack from test/global-setup.ts.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores, shared: more workers only contend.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // Maintenance and chaos tests keep the emulators busy beside the other worker's tests.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
