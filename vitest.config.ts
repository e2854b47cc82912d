import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of sibling packages (the "@privacy-ledger/source" export
// condition), so `pnpm test` needs no build first; published packages resolve to dist/.
export default defineConfig({
  resolve: { conditions: ["@privacy-ledger/source"] },
  ssr: {
    resolve: { conditions: ["@privacy-ledger/source"], externalConditions: ["@privacy-ledger/source"] },
  },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "examples/*/src/**/*.test.ts",
      "bench/src/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
