// `migrator config` — the resolved configuration, secrets masked.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "config", description: "print the resolved configuration (file < env < flags)" },
  args: {},
  async run() {
    const { out } = context();
    const m = await migrator();
    const { maskSecret } = await import("../../api/config");
    const c = { ...m.config, database: m.config.database ? maskSecret(m.config.database) : null };
    const width = Math.max(...Object.keys(c).map((k) => k.length));
    out.print(Object.entries(c).map(([k, v]) => `${k.padEnd(width)}  ${v === null ? "(not set)" : String(v)}`).join("\n"));
    out.result({ config: c });
  },
});
