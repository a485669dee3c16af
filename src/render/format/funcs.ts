/**
 * The data-format functions of Helm 4.1.4's template engine, with their Go
 * signatures: Helm's own (pkg/engine/funcs.go: toToml, fromToml, toYaml,
 * mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson,
 * fromJson, fromJsonArray), which replace Sprig's toJson, mustToJson and
 * fromJson, plus the JSON functions Sprig v3.3 keeps (toPrettyJson,
 * toRawJson, mustFromJson, mustToPrettyJson, mustToRawJson).
 *
 * A Go panic inside a function (Helm's mustToYaml/mustToJson, Sprig's
 * toRawJson, an encoder's own panics) fails the call exactly like a
 * returned error: text/template reports "error calling NAME: message".
 */
import { FuncError, goFunc, type GoFunc } from "../../template/index.ts";
import { JsonError, marshalJson, marshalJsonIndent, marshalRawJson } from "./json.ts";
import { fromJson, fromJsonArray, fromYaml, fromYamlArray, JsonDecodeError, mustFromJson } from "./parse.ts";
import { fromToml, toToml, TomlPanic } from "./toml.ts";
import { mustToYaml, toYaml, TooDeepError, YamlError } from "./yaml-v2.ts";
import { toYamlPretty, YamlPanic } from "./yaml-v3.ts";

/**
 * A value nested so deeply that this implementation's recursion overflows
 * (Go would still encode it): the call fails instead.
 */
function tooDeep(e: unknown): boolean {
  return e instanceof TooDeepError || e instanceof RangeError;
}

const TOO_DEEP = "value nested too deeply to encode";

/** Runs f, turning the format errors it may raise into a template function failure. */
function failing<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JsonError || e instanceof YamlError || e instanceof YamlPanic || e instanceof TomlPanic || e instanceof JsonDecodeError) {
      throw new FuncError(e.message);
    }
    if (tooDeep(e)) throw new FuncError(TOO_DEEP);
    throw e;
  }
}

/** Returns "" when f fails with a format error (Helm's "swallow errors inside of a template"). */
function orEmpty(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof JsonError || e instanceof YamlError) return "";
    if (tooDeep(e)) throw new FuncError(TOO_DEEP);
    throw e;
  }
}

/** Go passes the zero value for a missing argument: nil for interface{}. */
function val(v: unknown): unknown {
  return v === undefined ? null : v;
}

export function formatFuncs(): Record<string, GoFunc> {
  return {
    // Helm (pkg/engine/funcs.go)
    toToml: goFunc("interface {} -> string", (v: unknown) => failing(() => toToml(val(v)))),
    fromToml: goFunc("string -> map[string]interface {}", (s: string) => fromToml(s)),
    toYaml: goFunc("interface {} -> string", (v: unknown) => orEmpty(() => toYaml(val(v)))),
    mustToYaml: goFunc("interface {} -> string", (v: unknown) => failing(() => mustToYaml(val(v)))),
    toYamlPretty: goFunc("interface {} -> string", (v: unknown) => failing(() => toYamlPretty(val(v)))),
    fromYaml: goFunc("string -> map[string]interface {}", (s: string) => fromYaml(s)),
    fromYamlArray: goFunc("string -> []interface {}", (s: string) => fromYamlArray(s)),
    toJson: goFunc("interface {} -> string", (v: unknown) => orEmpty(() => marshalJson(val(v)))),
    mustToJson: goFunc("interface {} -> string", (v: unknown) => failing(() => marshalJson(val(v)))),
    fromJson: goFunc("string -> map[string]interface {}", (s: string) => fromJson(s)),
    fromJsonArray: goFunc("string -> []interface {}", (s: string) => fromJsonArray(s)),
    // Sprig v3.3 (defaults.go)
    toPrettyJson: goFunc("interface {} -> string", (v: unknown) => orEmpty(() => marshalJsonIndent(val(v), "", "  "))),
    toRawJson: goFunc("interface {} -> string", (v: unknown) => failing(() => marshalRawJson(val(v)))),
    mustFromJson: goFunc("string -> (interface {}, error)", (s: string) => failing(() => mustFromJson(s))),
    mustToPrettyJson: goFunc("interface {} -> (string, error)", (v: unknown) => failing(() => marshalJsonIndent(val(v), "", "  "))),
    mustToRawJson: goFunc("interface {} -> (string, error)", (v: unknown) => failing(() => marshalRawJson(val(v)))),
  };
}
