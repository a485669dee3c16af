/**
 * Helm's data formats, byte for byte: toYaml (sigs.k8s.io/yaml over
 * go-yaml v2), toYamlPretty (go-yaml v3), encoding/json, BurntSushi TOML,
 * and the matching from* parsers, plus their template functions.
 */
export { formatFuncs } from "./funcs.ts";
export { toYaml, mustToYaml, marshalYamlV2, YamlError } from "./yaml-v2.ts";
export { toYamlPretty, marshalYamlV3, MARSHAL_YAML, YamlPanic, type YamlMarshaler } from "./yaml-v3.ts";
export { marshalJson, marshalJsonIndent, marshalRawJson, quoteJsonString, formatJsonFloat, JsonError, MARSHAL_JSON, RFC3339_NANO, type JsonMarshaler } from "./json.ts";
export { unmarshalJson, jsonSyntaxError } from "./json-decode.ts";
export { fromYaml, fromYamlArray, fromJson, fromJsonArray, mustFromJson, JsonDecodeError, sigsUnmarshal, sigsUnmarshalShared } from "./parse.ts";
export { toToml, fromToml, TomlPanic } from "./toml.ts";
// go-yaml v2's decoding into interface{} (before sigs.k8s.io/yaml's JSON step), for decoding into Go structs (Chart.yaml).
export { decodeYaml, keyString, GoMapII, YamlDecodeError, type GoVal } from "./parse.ts";
