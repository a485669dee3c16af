/**
 * The values phase: `valuesFrom` entries in order, then the inline `values`
 * on top — Flux helm-controller's order — computed exactly as Helm reads
 * `-f` files (so numbers, nulls and multi-document files behave as with
 * `helm install -f`). A `targetPath` entry sets the whole referenced text at
 * that path as a string, as `--set-string` does (a password "123" stays a
 * string). The digest is the sha256 of the merged
 * values' canonical JSON (Go's encoding/json: sorted keys): equal values
 * give equal digests, whatever their sources.
 */
import { createHash } from "node:crypto";
import type { DefaultedSpec, ValuesReference } from "../api/index.ts";
import { marshalJson } from "../render/format/index.ts";
import { loadValues, mergeMaps, parseSetString, StrvalsError } from "../render/values/index.ts";

/** Reads the data of a ConfigMap or Secret (Secret data decoded); undefined when it does not exist. */
export type ReadValuesSource = (kind: ValuesReference["kind"], name: string) => Promise<Record<string, string> | undefined>;

export class ValuesSourceError extends Error {
  override name = "ValuesSourceError";
}

export interface ComposedValues {
  values: Map<string, unknown>;
  /** sha256:<hex> of the canonical JSON. */
  digest: string;
}

/** Escapes a value for `--set-string` so commas and backslashes stay literal (Flux does the same). */
function escapeSetValue(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll(",", "\\,");
}

function describe(ref: { kind: string; name: string; key: string }): string {
  return `${ref.kind} ${ref.name} key ${ref.key}`;
}

export async function composeValues(spec: Pick<DefaultedSpec, "values" | "valuesFrom">, read: ReadValuesSource): Promise<ComposedValues> {
  let base = new Map<string, unknown>();
  for (const ref of spec.valuesFrom ?? []) {
    const data = await read(ref.kind, ref.name);
    if (data === undefined) {
      if (ref.optional) continue;
      throw new ValuesSourceError(`valuesFrom: ${ref.kind} ${ref.name} not found (set optional: true to allow that)`);
    }
    const text = data[ref.key];
    if (text === undefined) {
      if (ref.optional) continue;
      throw new ValuesSourceError(`valuesFrom: ${ref.kind} ${ref.name} has no key ${ref.key}`);
    }
    if (ref.targetPath !== undefined && ref.targetPath !== "") {
      try {
        parseSetString(`${ref.targetPath}=${escapeSetValue(text)}`, base);
      } catch (e) {
        if (!(e instanceof StrvalsError)) throw e;
        throw new ValuesSourceError(`valuesFrom: ${describe(ref)}: targetPath ${ref.targetPath}: ${e.message}`);
      }
      continue;
    }
    let parsed: Map<string, unknown>;
    try {
      parsed = loadValues(text);
    } catch (e) {
      // Only the first line of the parser's message (position and kind of
      // error): later lines may quote the text, and a Secret's must not
      // reach status or Events.
      const first = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
      throw new ValuesSourceError(`valuesFrom: ${describe(ref)} is not valid YAML: ${ref.kind === "Secret" ? first.replace(/"[^"]*"/g, '"…"') : first}`);
    }
    base = mergeMaps(base, parsed);
  }
  if (spec.values !== undefined) base = mergeMaps(base, loadValues(JSON.stringify(spec.values)));
  return { values: base, digest: `sha256:${createHash("sha256").update(marshalJson(base)).digest("hex")}` };
}
