// Floor program for `migrator heads`/`history` (issue 13 item 6): list the folder, read every
// migration file whole and match its `revision` line — the least any tool that reads the
// metadata must do. The bench compiles it with `bun build --compile --minify`. Usage:
// read-every-file <migrations folder>
import { readdirSync, readFileSync } from "node:fs";

const dir = process.argv[2]!;
const REVISION = /^(?:export const revision\s*=|-- revision:)\s*"?([0-9a-zA-Z_]+)/m;
let found = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith(".ts") && !name.endsWith(".sql")) continue;
  if (REVISION.exec(readFileSync(`${dir}/${name}`, "utf8")) !== null) found++;
}
console.log(found);
