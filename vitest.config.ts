import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000, // some tests spawn the CLI or two processes: slow on a loaded 2-core machine
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores: keep parallelism modest so the loopback and multi-process tests keep their timing.
    maxWorkers: 2,
  },
});
