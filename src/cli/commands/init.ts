// `migrator init [DIR]`
import { defineCommand } from "./_args";
import { initProject } from "../../api/init";
import { context } from "../_shared";

export default defineCommand({
  meta: { name: "init", description: "create migrator.toml, schema.prisma and migrations/ in DIR (default: .)" },
  args: { dir: { type: "positional", required: false, default: ".", description: "project folder" } },
  run({ args }) {
    const { out } = context();
    const r = initProject(String(args.dir));
    for (const c of r.created) out.log.success(`created ${c}`);
    for (const s of r.skipped) out.log.info(`kept existing ${s}`);
    out.result(r);
  },
});
