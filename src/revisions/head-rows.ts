// The version rows a plan leaves, step by step, as Alembic's HeadMaintainer writes them
// (runtime/migration.py: update_to_step with RevisionStep / StampStep): insert a row for a new
// branch, move a row, fold a merge's rows into one, unfold them when it is undone, delete a
// row at base. Where Alembic's bookkeeping would fail (an assertion or KeyError half-way
// through) the whole plan is refused before anything runs (DESIGN.md §2).
import { GraphFault } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";

export interface RowDelta {
  removeHeads: string[];
  addHeads: string[];
}

/** A stamp step: the rows it replaces and the ones it writes (Alembic's StampStep). */
export interface StampMove {
  from: string[];
  to: string[];
  isUpgrade: boolean;
  branchMove: boolean;
}

export class HeadRows {
  private readonly rows: Set<string>;

  constructor(
    private readonly g: RevisionGraph,
    current: Iterable<string>,
  ) {
    this.rows = new Set(current);
  }

  get heads(): string[] {
    return [...this.rows];
  }

  /** The rows change for running `id` in `direction` (RevisionStep). */
  migrate(id: string, direction: "up" | "down"): RowDelta {
    const down = this.g.normalizedDownRevisions(id);
    const delta: RowDelta = { removeHeads: [], addHeads: [] };
    if (direction === "down" && this.rows.has(id) && (down.length === 0 || this.unmergeTo(id).length === 0)) {
      this.remove(id, delta); // down to base, or to revisions other rows still need
    } else if (direction === "up" && (down.length === 0 || !down.some((d) => this.rows.has(d)))) {
      this.insert(id, delta); // a base, or a revision none of whose parents is a row
    } else if (direction === "up" && down.length > 1 && down.filter((d) => this.rows.has(d)).length > 1) {
      // merge: the parents' rows become one row (parents that other rows need are left)
      const others = this.heads.filter((h) => !down.includes(h));
      const below = others.length > 0 ? this.g.ancestors(others) : new Set<string>();
      const from = down.filter((d) => !below.has(d));
      if (from.length === 0) this.fail(id, direction);
      for (const f of from.slice(0, -1)) this.remove(f, delta);
      this.update(from[from.length - 1] as string, id, delta);
    } else if (direction === "down" && this.rows.has(id) && down.length > 1) {
      const to = this.unmergeTo(id);
      for (const t of to.slice(0, -1)) this.insert(t, delta);
      this.update(id, to[to.length - 1] as string, delta);
    } else {
      let other: string;
      if (down.length !== 1) {
        const present = down.filter((d) => this.rows.has(d));
        if (present.length !== 1) this.fail(id, direction);
        other = present[0] as string;
      } else other = down[0] as string;
      if (direction === "up") this.update(other, id, delta);
      else this.update(id, other, delta);
    }
    return delta;
  }

  /** The rows change of one stamp step. */
  stamp(s: StampMove): RowDelta {
    const delta: RowDelta = { removeHeads: [], addHeads: [] };
    const one = (list: string[]) => {
      if (list.length !== 1) throw this.stampFault(s);
      return list[0] as string;
    };
    if (!s.isUpgrade && s.branchMove) this.remove(one(s.from), delta);
    else if (s.isUpgrade && (s.branchMove || s.from.some((f) => !this.rows.has(f))) && s.to.some((t) => !this.rows.has(t))) this.insert(one(s.to), delta);
    else if (s.from.length > 1) {
      for (const f of s.from.slice(0, -1)) this.remove(f, delta);
      this.update(s.from[s.from.length - 1] as string, s.to[0] as string, delta);
    } else if (s.to.length > 1) {
      for (const t of s.to.slice(0, -1)) this.insert(t, delta);
      this.update(s.from[0] as string, s.to[s.to.length - 1] as string, delta);
    } else this.update(one(s.from), one(s.to), delta);
    return delta;
  }

  /** What a merge revision's rows become when it is undone: parents no other row needs. */
  private unmergeTo(id: string): string[] {
    const down = this.g.normalizedDownRevisions(id);
    const others = this.heads.filter((h) => h !== id);
    if (others.length === 0) return down;
    const below = this.g.ancestors(others);
    return down.filter((d) => !below.has(d));
  }

  private insert(id: string, delta: RowDelta): void {
    if (this.rows.has(id)) throw new GraphFault("unsupported", `this would write the version row ${id} twice (Alembic fails here with an AssertionError)`);
    this.rows.add(id);
    note(delta, id, true);
  }

  private remove(id: string, delta: RowDelta): void {
    if (id === undefined || !this.rows.has(id)) throw new GraphFault("unsupported", `this would delete the version row ${id ?? "(none)"}, which is not there (Alembic fails here with a KeyError)`);
    this.rows.delete(id);
    note(delta, id, false);
  }

  private update(from: string, to: string, delta: RowDelta): void {
    if (to === undefined || this.rows.has(to)) throw new GraphFault("unsupported", `this would write the version row ${to ?? "(none)"} twice (Alembic fails here with an AssertionError)`);
    this.remove(from, delta);
    this.rows.add(to);
    note(delta, to, true);
  }

  private fail(id: string, direction: string): never {
    throw new GraphFault("unsupported", `can't tell which version row ${direction === "up" ? "upgrading" : "downgrading"} ${id} replaces (rows: ${this.heads.join(", ") || "none"})`);
  }

  private stampFault(s: StampMove): GraphFault {
    return new GraphFault("unsupported", `can't stamp ${s.from.join(", ") || "<base>"} -> ${s.to.join(", ") || "<base>"} as one row move (Alembic fails here)`, {
      hint: "nothing was changed; stamp one revision per branch, or use --purge",
    });
  }
}

/** Net effect within one delta: a row written then deleted (or the reverse) cancels out. */
function note(delta: RowDelta, id: string, added: boolean): void {
  const [mine, theirs] = added ? [delta.addHeads, delta.removeHeads] : [delta.removeHeads, delta.addHeads];
  const i = theirs.indexOf(id);
  if (i >= 0) theirs.splice(i, 1);
  else mine.push(id);
}
