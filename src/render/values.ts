/**
 * Values in the template value model. Helm reads YAML with sigs.k8s.io/yaml:
 * YAML is converted to JSON and decoded into map[string]interface{}, so every
 * number is a float64, every key a string, and maps are unordered (templates
 * see them sorted).
 */
import { parseDocument } from "yaml";
import { isMap, mapGet, mapKeys } from "../template/index.ts";

/** Converts a plain JS value (from YAML or JSON) into the template value model: objects become Maps. */
export function toValueModel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toValueModel);
  if (v instanceof Map) return new Map([...v.entries()].map(([k, x]) => [String(k), toValueModel(x)]));
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) {
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toValueModel(x)]));
  }
  if (typeof v === "bigint") return Number(v);
  return v ?? null;
}

/** Parses a values YAML document into a map (an empty document is an empty map). */
export function fromYamlValues(text: string): Map<string, unknown> {
  // YAML 1.1 like go-yaml v2 (yes/no booleans, merge keys), but timestamps
  // stay strings: they reach templates as strings after Helm's YAML→JSON step.
  const doc = parseDocument(text, {
    version: "1.1",
    merge: true,
    uniqueKeys: false,
    customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp"),
  });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "));
  const js: unknown = doc.toJS({ mapAsMap: true, maxAliasCount: 10_000 });
  if (js === null || js === undefined) return new Map();
  const v = toValueModel(js);
  if (!(v instanceof Map)) throw new Error("values must be a YAML mapping");
  return v as Map<string, unknown>;
}

/** A deep copy of a value tree (maps become Maps), so rendering never mutates its inputs. */
export function cloneValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneValues);
  if (isMap(v)) return new Map(mapKeys(v).map((k) => [k, cloneValues(mapGet(v, k).value)]));
  return v;
}
