import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // On CI a failed test runs once more and is reported as flaky, as Playwright does there; locally never.
    retry: process.env['CI'] ? 1 : 0,
    reporters: ['default'],
  },
});
