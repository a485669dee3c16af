/**
 * values.yaml as Helm's loader reads it (pkg/chart/v2/loader.LoadValues):
 * the text is split into YAML documents by k8s.io/apimachinery's
 * YAMLReader (lines starting with `---`; anything but a comment after the
 * dashes is an error), each document is read with sigs.k8s.io/yaml into a
 * map[string]interface{} (numbers float64), and the documents are merged
 * with MergeMaps (later documents win, nested maps merged key by key).
 */
import { sigsUnmarshal } from "../format/index.ts";
import { goTrimSpace } from "./ignore.ts";

/** A values file that cannot be read; the message is Helm's (without "cannot load values.yaml: "). */
export class ValuesError extends Error {}

/** YAMLReader over bufio lines: the documents of a YAML stream, as Helm splits them. */
export function splitYamlDocuments(text: string): string[] {
  // LineReader: lines without "\n" or "\r\n", each given back with "\n".
  const lines = text.split("\n").map((l, i, all) => (i < all.length - 1 && l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.at(-1) === "") lines.pop();
  const docs: string[] = [];
  let buffer = "";
  for (const raw of lines) {
    const line = `${raw}\n`;
    if (line.startsWith("---")) {
      const trimmed = goTrimSpace(line.slice(3));
      if (trimmed.length > 0 && !trimmed.startsWith("#")) throw new ValuesError(`error reading yaml document: invalid Yaml document separator: ${trimmed}`);
      if (buffer.length !== 0) {
        docs.push(buffer);
        buffer = "";
        continue;
      }
    }
    buffer += line;
  }
  if (buffer.length !== 0) docs.push(buffer);
  return docs;
}

/** MergeMaps: b over a; maps present in both are merged recursively. */
export function mergeMaps(a: Map<string, unknown>, b: Map<string, unknown>): Map<string, unknown> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const bv = out.get(k);
    if (v instanceof Map && bv instanceof Map) out.set(k, mergeMaps(bv as Map<string, unknown>, v as Map<string, unknown>));
    else out.set(k, v);
  }
  return out;
}

/** LoadValues: all documents of a values file, merged. Throws ValuesError with Helm's message. */
export function loadValues(text: string): Map<string, unknown> {
  let values = new Map<string, unknown>();
  for (const doc of splitYamlDocuments(text)) {
    const r = sigsUnmarshal(doc, "map");
    if ("error" in r) throw new ValuesError(`cannot unmarshal yaml document: ${r.error}`);
    if (r.value instanceof Map) values = mergeMaps(values, r.value);
  }
  return values;
}
