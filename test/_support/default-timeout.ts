// Preloaded for every test run (bunfig.toml): gives every test and hook of every file a per-test
// timeout of 10 minutes, so that no test fails because a loaded machine is slow. Bun 1.4 ignores
// `[test] timeout` in bunfig.toml (oven-sh/bun#7789) and setDefaultTimeout() applies to one file
// only, so each test file is loaded with that call in front of its first line (same line: line
// numbers in failures stay right). MIGRATOR_TEST_TIMEOUT_MS overrides it (bun's --timeout can't:
// this call wins over it).
import { plugin } from "bun";
import { readFileSync } from "node:fs";

export const DEFAULT_TEST_TIMEOUT_MS = Number(process.env.MIGRATOR_TEST_TIMEOUT_MS) || 600_000;

plugin({
  name: "migrator-test-default-timeout",
  setup(build) {
    build.onLoad({ filter: /\.test\.[cm]?[jt]sx?$/ }, (args) => {
      const ext = /\.([cm]?[jt]sx?)$/.exec(args.path)![1]!;
      const loader = ext.endsWith("tsx") ? "tsx" : ext.endsWith("jsx") ? "jsx" : ext.includes("t") ? "ts" : "js";
      const prefix = `import { setDefaultTimeout as __migratorSetDefaultTimeout } from "bun:test"; __migratorSetDefaultTimeout(${DEFAULT_TEST_TIMEOUT_MS}); `;
      return { loader, contents: prefix + readFileSync(args.path, "utf8") };
    });
  },
});
