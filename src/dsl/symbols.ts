// Name tables over a parsed document, shared by validation and schema building: models and
// enums by name, database names (`@map`/`@@map`), and the datasource settings.

import type * as A from "./ast";
import { argValue, blockAttributes, findAttribute, stringArg } from "./attributes";

export interface DatasourceInfo {
  /** the block's name: native type attributes are written `@<name>.Type` */
  name: string | null;
  provider: string | null;
  providerValue: A.Value | null;
  url: string | null;
  urlEnv: string | null;
  /** `relationMode = "prisma"` (or the older `referentialIntegrity`): no foreign keys in the database */
  relationMode: string | null;
}

export interface Symbols {
  doc: A.Document;
  /** first definition of each model / enum name (duplicates are reported by validation) */
  models: Map<string, A.ModelBlock>;
  enums: Map<string, A.EnumBlock>;
  datasource: DatasourceInfo;
}

export function buildSymbols(doc: A.Document): Symbols {
  const models = new Map<string, A.ModelBlock>();
  const enums = new Map<string, A.EnumBlock>();
  let datasource: DatasourceInfo = { name: null, provider: null, providerValue: null, url: null, urlEnv: null, relationMode: null };
  let seenDatasource = false;
  for (const item of doc.items) {
    if (item.kind === "Model" && item.keyword === "model" && !models.has(item.name.value)) models.set(item.name.value, item);
    else if (item.kind === "Enum" && !enums.has(item.name.value)) enums.set(item.name.value, item);
    else if (item.kind === "Config" && item.keyword === "datasource" && !seenDatasource) {
      seenDatasource = true;
      datasource = readDatasource(item);
    }
  }
  return { doc, models, enums, datasource };
}

function readDatasource(block: A.ConfigBlock): DatasourceInfo {
  const info: DatasourceInfo = { name: block.name.value, provider: null, providerValue: null, url: null, urlEnv: null, relationMode: null };
  for (const m of block.members) {
    if (m.kind !== "Property") continue;
    const v = m.value;
    switch (m.name.value) {
      case "provider":
        info.providerValue = v;
        if (v.kind === "String") info.provider = v.value;
        break;
      case "url":
        if (v.kind === "String") info.url = v.value;
        else if (v.kind === "Function" && v.name === "env" && v.args[0]?.value.kind === "String") info.urlEnv = v.args[0].value.value;
        break;
      case "relationMode":
      case "referentialIntegrity":
        if (v.kind === "String") info.relationMode = v.value;
        break;
    }
  }
  return info;
}

export function tableName(model: A.ModelBlock): string {
  const map = findAttribute(blockAttributes(model.members), "map");
  return (map && stringArg(map, "name", true)) ?? model.name.value;
}

export function columnName(field: A.Field): string {
  const map = findAttribute(field.attributes, "map");
  return (map && stringArg(map, "name", true)) ?? field.name.value;
}

/** The database name of an enum type (`@@map` renames it). */
export function enumTypeName(e: A.EnumBlock): string {
  const map = findAttribute(blockAttributes(e.members), "map");
  return (map && stringArg(map, "name", true)) ?? e.name.value;
}

/** Database values of an enum, in order (`@map` on a value renames it). */
export function enumDbValues(e: A.EnumBlock): string[] {
  const out: string[] = [];
  for (const m of e.members) if (m.kind === "EnumValue") out.push(enumValueDbName(m));
  return out;
}

export function enumValueDbName(v: A.EnumValue): string {
  const map = findAttribute(v.attributes, "map");
  return (map && stringArg(map, "name", true)) ?? v.name.value;
}

export function isIgnored(model: A.ModelBlock): boolean {
  return findAttribute(blockAttributes(model.members), "ignore") !== undefined;
}

/** True when the field's type names a model, i.e. it is a relation field. */
export function isRelationField(sym: Symbols, field: A.Field): boolean {
  return sym.models.has(field.type.name);
}

export function namedArgValue(attr: A.Attribute, name: string): A.Value | null {
  return argValue(attr, name, false);
}
