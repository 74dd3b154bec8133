import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests print real PDFs with a real Chromium: give them time, not retries.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
