// src/sys/paths.ts must answer as node:path's POSIX functions do: a table of the awkward cases,
// then thousands of generated paths (segments, dots, doubled and trailing slashes) compared.
import { describe, expect, test } from "bun:test";
import { posix } from "node:path";
import { dirname, isAbsolute, join, relative, resolve } from "../../src/sys/paths";

const cases = ["", ".", "..", "/", "//", "///", "a", "/a", "a/", "/a/", "a//b", "/a//b", "//a", "a/./b", "a/../b", "../a", "/../a", "a/b/../../..", "./", "a/b//", ".../x", "a/.hidden/..", "/x/y/z/../../w"];

// deterministic generator: a path of 0-6 parts drawn from names, dots and empty parts
function* generated(count: number, seed = 7): Generator<string> {
  const parts = ["a", "b", "dir", ".", "..", "", "x.sql", ".env", "..x", "é"];
  let s = seed;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  for (let i = 0; i < count; i++) {
    const n = rnd(7);
    const segs: string[] = [];
    for (let k = 0; k < n; k++) segs.push(parts[rnd(parts.length)]!);
    yield (rnd(2) ? "/" : "") + segs.join("/") + (rnd(4) === 0 ? "/" : "");
  }
}

const all = [...cases, ...generated(3000)];

describe.skipIf(process.platform === "win32")("sys/paths matches node:path (POSIX)", () => {
  test("isAbsolute", () => {
    for (const p of all) expect([p, isAbsolute(p)]).toEqual([p, posix.isAbsolute(p)]);
  });
  test("dirname", () => {
    for (const p of all) expect([p, dirname(p)]).toEqual([p, posix.dirname(p)]);
  });
  test("resolve with one, two and three arguments (relative ones against the working directory)", () => {
    for (const p of all) {
      expect([p, resolve(p)]).toEqual([p, posix.resolve(p)]);
      expect([p, resolve("/base/dir", p)]).toEqual([p, posix.resolve("/base/dir", p)]);
      expect([p, resolve("rel", p, "c")]).toEqual([p, posix.resolve("rel", p, "c")]);
    }
  });
  test("join", () => {
    const list = [...all];
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      const b = list[(i * 7 + 3) % list.length]!;
      expect([a, b, join(a, b)]).toEqual([a, b, posix.join(a, b)]);
      expect([a, join(a)]).toEqual([a, posix.join(a)]);
    }
    expect(join()).toBe(posix.join());
  });
  test("relative", () => {
    const list = [...all];
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      const b = list[(i * 13 + 5) % list.length]!;
      expect([a, b, relative(a, b)]).toEqual([a, b, posix.relative(a, b)]);
    }
  });
});
