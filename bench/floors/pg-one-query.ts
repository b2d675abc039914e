// Floor program for `migrator current` on PostgreSQL (issue 12): open one Bun.SQL connection
// from DATABASE_URL, run one query, close. The bench compiles it with
// `bun build --compile --minify`. Usage: DATABASE_URL=postgres://... pg-one-query
import { SQL } from "bun";

const sql = new SQL(process.env.DATABASE_URL!);
console.log(await sql`select version_num from migrator_version`);
await sql.close();
