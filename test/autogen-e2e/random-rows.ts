// Rows for model A of a random pair (random-model.ts), chosen so that every change model B makes
// can succeed on them: values in B's required columns, distinct values where A or B wants
// uniqueness, values every generated CHECK accepts, enum values both sides allow, and foreign
// keys that point at existing rows.

import type { Field, Rng, Spec } from "./random-model";

export type Value = string | number | bigint | boolean | Uint8Array | null;
/** model key → rows (field key → value; "id" → id) */
export type Data = Map<string, Record<string, Value>[]>;

/** Rows for A that every change in B can be applied to. */
export function randomRows(r: Rng, a: Spec, b: Spec): Data {
  const data: Data = new Map();
  const bModels = new Map(b.models.map((m) => [m.key, m]));
  for (const m of a.models) {
    const n = r.int(1, 4);
    const bm = bModels.get(m.key);
    const rows: Record<string, Value>[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<string, Value> = { id: i + 1 };
      for (const f of m.fields) {
        const bf = bm?.fields.find((x) => x.key === f.key);
        const rel = m.rels.find((x) => x.column === f.key);
        const distinct =
          f.unique || !!bf?.unique ||
          [...m.uniques, ...(bm?.uniques ?? [])].some((u) => u.includes(f.key));
        const mayBeNull = f.optional && (!bf || bf.optional);
        if (mayBeNull && r.chance(0.3)) {
          row[f.key] = null;
          continue;
        }
        if (rel) {
          // a self-reference points at an earlier row (or none for the first)
          const n = rel.target === m.key ? i : data.get(rel.target)!.length;
          row[f.key] = n > 0 ? r.int(1, n) : null;
          continue;
        }
        row[f.key] = value(r, f, a, b, i, distinct);
      }
      rows.push(row);
    }
    data.set(m.key, rows);
  }
  return data;
}

function value(r: Rng, f: Field, a: Spec, b: Spec, i: number, distinct: boolean): Value {
  const t = f.type;
  if (typeof t === "object") {
    const inB = b.enums.find((e) => e.name === t.enum)?.values ?? [];
    const ok = a.enums.find((e) => e.name === t.enum)!.values.filter((v) => inB.includes(v));
    return r.pick(ok);
  }
  const k = distinct ? i : r.int(0, 3);
  switch (t) {
    case "Int":
      return k * 7 + 1;
    case "BigInt":
      return 10_000_000_000 + k;
    case "Float":
      return k + 0.5;
    case "Decimal":
      return k + 0.25;
    case "String":
      return `s${k}'"x`;
    case "Boolean":
      return distinct ? k : k % 2;
    case "DateTime":
      return `2024-01-0${(k % 9) + 1} 10:00:00`;
    case "Json":
      return JSON.stringify({ k });
    case "Bytes":
      return new Uint8Array([k, 1, 2]);
  }
}

