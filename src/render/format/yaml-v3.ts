/**
 * Helm's toYamlPretty: go-yaml v3's Encoder with SetIndent(2) on the value
 * itself (no JSON round trip), then strings.TrimSuffix(out, "\n").
 *
 * Unlike toYaml: floats keep their Go formatting ('g', so 1e+06), integers
 * their kind, []byte is a sequence of numbers, struct fields are named by
 * their lower-cased Go name, sequences are indented inside mappings, long
 * lines are not folded, and only YAML 1.2 booleans plus v3's list of old
 * YAML 1.1 booleans are quoted.
 */
import { GoFunc, GoInt, goTypeName, isMap, isStruct, mapGet, mapKeys } from "../../template/index.ts";
import { GoTime } from "../funcs/time.ts";
import { emitDocument, PLAIN_FALSE, PLAIN_NULL, PLAIN_TRUE, Plain, YMap, type Dialect, type YNode } from "./emitter.ts";
import { RFC3339_NANO, structFields } from "./json.ts";
import { canUsePlain } from "./resolve.ts";
import { sortYamlKeys } from "./sort.ts";
import { TooDeepError, yamlFloat } from "./yaml-v2.ts";

/**
 * A host object may define how go-yaml v3 marshals it, as Go's yaml tags
 * and yaml.Marshaler's MarshalYAML do: the method returns the value to
 * encode in its place.
 */
export const MARSHAL_YAML: unique symbol = Symbol("bosun.format.marshalYAML");

export interface YamlMarshaler {
  [MARSHAL_YAML](): unknown;
}

/**
 * A panic inside go-yaml v3's encoder that Helm does not recover: in a
 * template it fails the function call with this message.
 */
export class YamlPanic extends Error {}

export const V3: Dialect = { v3: true, bestWidth: 2 ** 31 - 1, canUsePlain: (s) => canUsePlain(s, true) };

function hasMarshalYAML(v: object): v is YamlMarshaler {
  return typeof (v as Partial<YamlMarshaler>)[MARSHAL_YAML] === "function";
}

/** The document go-yaml v3's encoder builds for a Go value. Throws YamlPanic. */
export function yamlV3Node(root: unknown): YNode {
  const path = new Set<object>();
  const walk = (v: unknown): YNode => {
    if (v === null || v === undefined) return PLAIN_NULL;
    switch (typeof v) {
      case "boolean":
        return v ? PLAIN_TRUE : PLAIN_FALSE;
      case "number":
        return new Plain(yamlFloat(v));
      case "bigint":
        return new Plain(v.toString());
      case "string":
        return v;
      case "function":
        throw new YamlPanic(`cannot marshal type: ${goTypeName(v)}`);
      default:
        break;
    }
    if (v instanceof GoInt) return new Plain(v.value.toString());
    if (v instanceof Uint8Array) return Array.from(v, (b) => new Plain(String(b)));
    if (v instanceof GoTime) return new Plain(v.format(RFC3339_NANO));
    if (v instanceof GoFunc) throw new YamlPanic(`cannot marshal type: ${goTypeName(v)}`);
    const o = v;
    // go-yaml v3 has no cycle detection: Go overflows its stack.
    if (path.has(o)) throw new YamlPanic("runtime: goroutine stack exceeds 1000000000-byte limit");
    path.add(o);
    let n: YNode;
    if (Array.isArray(v)) n = v.map(walk);
    else if (isMap(v)) {
      const keys = sortYamlKeys(mapKeys(v), true);
      n = new YMap(
        keys,
        keys.map((k) => walk(mapGet(v, k).value)),
      );
    } else if (isStruct(v)) {
      if (hasMarshalYAML(o)) n = walk(o[MARSHAL_YAML]());
      else {
        const fields = structFields(o);
        n = new YMap(
          fields.map(([k]) => k.toLowerCase()),
          fields.map(([, val]) => walk(val)),
        );
      }
    } else throw new YamlPanic(`cannot marshal type: ${goTypeName(v)}`);
    path.delete(o);
    return n;
  };
  return walk(root);
}

/** go-yaml v3's Encoder.Encode(v) with SetIndent(2): the document with its final newline. */
export function marshalYamlV3(v: unknown): string {
  try {
    return emitDocument(yamlV3Node(v), V3);
  } catch (e) {
    if (e instanceof RangeError) throw new TooDeepError();
    throw e;
  }
}

/** Helm's toYamlPretty. Throws YamlPanic where Go panics. */
export function toYamlPretty(v: unknown): string {
  const s = marshalYamlV3(v);
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}
