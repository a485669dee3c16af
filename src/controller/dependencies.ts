/**
 * `dependsOn`: a release is synced only once every HelmRelease it depends
 * on is Ready for its current generation (Flux's rule). A cycle can never
 * become ready, so it is found and reported instead of waited on.
 */
import { isReady, type HelmRelease } from "../api/index.ts";
import { ReverseIndex } from "./reverse-index.ts";

export type GetRelease = (namespace: string, name: string) => Promise<HelmRelease | undefined>;

export type DependencyState = { state: "ready" } | { state: "waiting"; message: string } | { state: "cycle"; cycle: string[] };

const MAX_GRAPH = 1000;

function deps(hr: HelmRelease): string[] {
  const ns = hr.metadata.namespace ?? "";
  return (hr.spec.dependsOn ?? []).map((d) => `${d.namespace ?? ns}/${d.name}`);
}

function split(key: string): [string, string] {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}

/**
 * Whether `hr` may sync: a cycle through it (depth-first over dependsOn,
 * reading each release once), else the first direct dependency that is
 * missing or not Ready.
 */
export async function checkDependencies(hr: HelmRelease, get: GetRelease): Promise<DependencyState> {
  const self = `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
  const loaded = new Map<string, HelmRelease | undefined>([[self, hr]]);
  const load = async (key: string): Promise<HelmRelease | undefined> => {
    if (!loaded.has(key)) {
      if (loaded.size >= MAX_GRAPH) return undefined;
      loaded.set(key, await get(...split(key)));
    }
    return loaded.get(key);
  };
  // Depth-first search for a path back to self.
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = async (key: string): Promise<string[] | undefined> => {
    const node = await load(key);
    if (!node) return undefined;
    visiting.push(key);
    for (const next of deps(node)) {
      if (next === self) return [...visiting, self];
      if (done.has(next) || visiting.includes(next)) continue;
      const found = await visit(next);
      if (found) return found;
    }
    visiting.pop();
    done.add(key);
    return undefined;
  };
  const cycle = await visit(self);
  if (cycle) return { state: "cycle", cycle };
  for (const key of deps(hr)) {
    const dep = await load(key);
    if (!dep) return { state: "waiting", message: `waiting for HelmRelease ${key}: not found` };
    if (!isReady(dep.status, dep.metadata.generation ?? 0)) {
      const ready = dep.status?.conditions?.find((c) => c.type === "Ready");
      return { state: "waiting", message: `waiting for HelmRelease ${key} to be Ready${ready ? ` (now ${ready.status}: ${ready.message})` : ""}` };
    }
  }
  return { state: "ready" };
}

/** Which releases depend on which (for reconciling dependents when a release turns Ready). */
export class Dependents {
  readonly #index = new ReverseIndex();

  set(hr: HelmRelease): void {
    this.#index.set(`${hr.metadata.namespace ?? ""}/${hr.metadata.name}`, deps(hr));
  }

  delete(hr: HelmRelease): void {
    this.#index.delete(`${hr.metadata.namespace ?? ""}/${hr.metadata.name}`);
  }

  /** Keys of the releases that list `key` ("namespace/name") in dependsOn. */
  of(key: string): string[] {
    return this.#index.ownersOf(key);
  }
}
