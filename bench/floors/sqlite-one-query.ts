// Floor program for `migrator current` on SQLite (issue 13 item 5): open the database file
// read-only and run one query, nothing else. The bench compiles it with
// `bun build --compile --minify`. Usage: sqlite-one-query <file.db>
import { Database } from "bun:sqlite";

const db = new Database(process.argv[2]!, { readonly: true });
console.log(db.query("select version_num from migrator_version").get());
