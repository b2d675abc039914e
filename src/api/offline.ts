// Offline SQL (`upgrade --sql`, `downgrade --sql`), Alembic's offline mode: print the SQL a run
// would execute instead of running it. The start state is built by replaying migrations into an
// in-memory database, so table re-creations print exactly the statements they would run; the
// real database is never opened. Ranges: `upgrade [FROM:]TO --sql` (FROM defaults to base) and
// `downgrade FROM:TO --sql` (FROM is required, as in Alembic).

import { runPlan } from "../engine/runner";
import { UsageError } from "../errors";
import type { Migrator } from "./migrator";
import { ensureMigratorModule } from "./register-module";
import * as rev from "./_revisions";
import { withScratch } from "./scratch";

function splitRange(spec: string): [string | null, string] {
  // a range colon is one outside `label@...` parts: "a:b", ":b", "base:head"
  const i = spec.indexOf(":");
  if (i < 0) return [null, spec];
  return [spec.slice(0, i) || null, spec.slice(i + 1)];
}

export async function offlineSql(m: Migrator, direction: "up" | "down", spec: string): Promise<string> {
  await ensureMigratorModule();
  const [from, to] = splitRange(spec);
  if (direction === "down" && !from) {
    throw new UsageError("offline_needs_range", `downgrade --sql needs a range FROM:TO, got '${spec}'`, {
      hint: "e.g. `migrator downgrade head:-1 --sql` or `migrator downgrade e6f0:base --sql`",
    });
  }
  const g = m.graph();
  const out: string[] = [];
  return withScratch(m, async ({ ctx: base, dialect }) => {
    if (from && from !== "base") await runPlan(base, (heads) => rev.planning().planUpgrade(g, heads, from));
    const vt = dialect.qualify(m.config.versionTable, m.config.versionTableSchema);
    const s = dialect.quoteString;
    const wrap = dialect.offlineWrap();
    out.push(...wrap.before);
    if (!from || from === "base") out.push(dialect.versionTablesDdl(vt, "")[0] + ";");
    await runPlan(
      {
        ...base,
        onStatement: (sql) => out.push(sql.trimEnd().endsWith(";") ? sql.trimEnd() : sql.trimEnd() + ";"),
        onEvent: (e) => {
          if (e.type === "step-start") {
            const r = e.step.revision;
            const parents = r.downRevisions.join(", ") || "<base>";
            out.push("", `-- Running ${e.step.direction === "up" ? `upgrade ${parents} -> ${r.revision}` : `downgrade ${r.revision} -> ${parents}`}: ${r.message}`);
          } else if (e.type === "step-done") {
            for (const h of e.step.removeHeads) out.push(`DELETE FROM ${vt} WHERE version_num = ${s(h)};`);
            for (const h of e.step.addHeads) out.push(`INSERT INTO ${vt} (version_num) VALUES (${s(h)});`);
          }
        },
      },
      (heads) => (direction === "up" ? rev.planning().planUpgrade(g, heads, to) : rev.planning().planDowngrade(g, heads, to)),
    );
    out.push("", ...wrap.after);
    return out.join("\n");
  });
}
