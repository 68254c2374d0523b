import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the sources of the workspace packages, so they never see a stale dist.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@quantum\/persistence-core$/, replacement: source('../../packages/persistence-core/src/index.ts') },
      { find: /^@quantum\/api-contract$/, replacement: source('../../packages/api-contract/src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // On CI a failed test runs once more and is reported as flaky, as Playwright does there; locally never.
    retry: process.env['CI'] ? 1 : 0,
  },
});
