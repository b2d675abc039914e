// The revision engine as the API uses it (one import site, so the API reads as a client of
// src/revisions). Reading the folder and the graph load with the API; planning (spec
// resolution, walks, Alembic's ordering) loads at its first use: `current` never plans.

export { GraphFlags, RevisionGraph as Graph } from "../revisions/revision-graph";
export { checksumOf, sourceChecksum, loadGraph, loadGraphForDisplay, loadGraphWithChecksums, loadScriptDirectory, type ScriptDirectory } from "../revisions/script-directory";

let planModule: typeof import("../revisions/plan") | undefined;
/** planUpgrade, planDowngrade, planStamp ... (revisions/plan.ts), loaded on first use. */
export const planning = () => (planModule ??= require("../revisions/plan") as typeof import("../revisions/plan"));
