// Floor program for `migrator current` on PostgreSQL (issue 12): open one Bun.SQL connection
// from DATABASE_URL, run one query, close. The bench compiles it with
// `bun build --compile --minify`. Usage: DATABASE_URL=postgres://... pg-one-query
import { SQL } from "bun";

// one connection, as migrator opens: Bun.SQL's default pool makes close() wait ~100 ms more here
// (measured: 175 ms against 55 ms for the same query), which would flatter the ratio
const sql = new SQL(process.env.DATABASE_URL!, { max: 1 });
console.log(await sql`select version_num from migrator_version`);
await sql.close();
