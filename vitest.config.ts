import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Playwright specs live in tests/e2e and end in .spec.ts; they never run under vitest.
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    // A hang detector, not a speed check: property and fuzz tests run thousands of
    // commands, and on a shared 2-core machine 5 s is within the noise.
    testTimeout: 30_000,
  },
});
