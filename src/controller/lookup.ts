/**
 * Helm's `lookup` against the live cluster, read-only. The template engine
 * is synchronous and the API is not, so a render that looks things up runs
 * in passes: each pass answers the lookups already fetched and records the
 * new ones (answering them with an empty map); the recorded ones are
 * fetched concurrently and the chart is rendered again, until a pass asks
 * for nothing new. Only the last pass's output is used, so it is exactly
 * the render Helm would produce with those objects. Lookups whose
 * arguments depend on earlier lookups take one pass each; MAX_PASSES bounds
 * a chart that keeps asking.
 */
import { call, KubeApiError, resourcePath, type Discovery, type Transport } from "../apply/index.ts";
import type { LookupResolver } from "../render/index.ts";
import { unmarshalJson } from "../render/format/index.ts";

export const MAX_PASSES = 5;

export class LookupError extends Error {
  override name = "LookupError";
}

function key(apiVersion: string, kind: string, namespace: string, name: string): string {
  return JSON.stringify([apiVersion, kind, namespace, name]);
}

/** One lookup as Helm does it: an object, a list (name ""), or an empty map when absent. */
export async function fetchLookup(t: Transport, discovery: Discovery, apiVersion: string, kind: string, namespace: string, name: string): Promise<Map<string, unknown>> {
  let mapping;
  try {
    mapping = await discovery.resolve(apiVersion, kind);
  } catch (e) {
    throw new LookupError(`lookup ${apiVersion} ${kind}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const path = resourcePath(mapping, namespace === "" ? undefined : namespace, name === "" ? undefined : name);
  try {
    const body = await call(t, { method: "GET", path });
    const decoded = unmarshalJson(JSON.stringify(body)).value;
    return decoded instanceof Map ? (decoded as Map<string, unknown>) : new Map();
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 404) return new Map();
    // As Helm's lookup: only "not found" is an empty answer; anything else,
    // a refusal of the release's ServiceAccount (403) included, fails the
    // render. The cause lets the caller name what was refused.
    throw new LookupError(`lookup ${apiVersion} ${kind} ${namespace}/${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export interface LookupRender<R> {
  result: R;
  passes: number;
  lookups: number;
}

/** Renders with live lookups (see the file comment). `render` must be pure apart from lookup. */
export async function renderWithLookups<R>(
  render: (lookup: LookupResolver) => R,
  fetch: (apiVersion: string, kind: string, namespace: string, name: string) => Promise<Map<string, unknown>>,
): Promise<LookupRender<R>> {
  const answers = new Map<string, Map<string, unknown>>();
  for (let pass = 1; ; pass++) {
    const missing = new Map<string, [string, string, string, string]>();
    const resolver: LookupResolver = (apiVersion, kind, namespace, name) => {
      const k = key(apiVersion, kind, namespace, name);
      const hit = answers.get(k);
      if (hit) return hit;
      missing.set(k, [apiVersion, kind, namespace, name]);
      return new Map();
    };
    let result: R;
    try {
      result = render(resolver);
    } catch (e) {
      // A template may fail on the empty answer of a lookup not yet
      // fetched (e.g. `required` on its data): fetch, then judge again.
      if (missing.size === 0 || pass >= MAX_PASSES) throw e;
      result = undefined as R;
    }
    if (missing.size === 0) return { result, passes: pass, lookups: answers.size };
    if (pass >= MAX_PASSES) throw new LookupError(`the chart kept looking up new objects after ${String(MAX_PASSES)} render passes (last: ${[...missing.values()].map((a) => a.join(" ")).join(", ")})`);
    const fetched = await Promise.all([...missing].map(async ([k, args]) => [k, await fetch(...args)] as const));
    for (const [k, v] of fetched) answers.set(k, v);
  }
}
