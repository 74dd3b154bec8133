import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests print real PDFs with a real Chromium: give them time, not retries.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The tests read briefing's messages in English, whatever the machine's locale: LANG is
    // the one that speaks, LC_ALL and LC_MESSAGES (which would win over it) are emptied.
    env: { LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "" },
  },
});
