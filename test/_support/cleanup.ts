// Preloaded for every test run (bunfig.toml): a hook defined in a preload file runs once,
// after all test files, so the temporary folders tempDir() made are removed at the very end.
// The metadata cache of large migration folders (src/revisions/metadata-cache.ts) goes to a
// temporary folder too, never to the home of whoever runs the tests; the binaries and
// sources the tests spawn inherit it.
import { afterAll } from "bun:test";
import { removeTempDirs, tempDir } from "./project";

process.env.MIGRATOR_CACHE_DIR ??= tempDir("migrator-cache-");

afterAll(removeTempDirs);
