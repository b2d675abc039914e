// The revision engine as the API uses it (one import site, so the API reads as a client of
// src/revisions).

export {
  RevisionGraph as Graph,
  loadGraph,
  loadGraphForDisplay,
  loadScriptDirectory,
  type ScriptDirectory,
  planUpgrade,
  pendingCount,
  planDowngrade,
  planStamp,
  allCurrent,
} from "../revisions";
