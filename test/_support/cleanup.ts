// Preloaded for every test run (bunfig.toml): a hook defined in a preload file runs once,
// after all test files, so the temporary folders tempDir() made are removed at the very end.
import { afterAll } from "bun:test";
import { removeTempDirs } from "./project";

afterAll(removeTempDirs);
