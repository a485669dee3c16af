/**
 * owner → keys it refers to, answered the other way round: which owners
 * refer to a key. Both of the controller's wake-up indexes (valuesFrom
 * sources, dependsOn targets) are this, maintained from the HelmRelease
 * informer instead of scanning every release per event.
 */
export class ReverseIndex {
  readonly #owners = new Map<string, Set<string>>();
  readonly #keys = new Map<string, string[]>();

  /** Records (or replaces) the keys `owner` refers to. */
  set(owner: string, keys: readonly string[]): void {
    this.delete(owner);
    if (keys.length === 0) return;
    this.#keys.set(owner, [...keys]);
    for (const k of keys) {
      let owners = this.#owners.get(k);
      if (!owners) this.#owners.set(k, (owners = new Set()));
      owners.add(owner);
    }
  }

  delete(owner: string): void {
    for (const k of this.#keys.get(owner) ?? []) {
      const owners = this.#owners.get(k);
      owners?.delete(owner);
      if (owners?.size === 0) this.#owners.delete(k);
    }
    this.#keys.delete(owner);
  }

  ownersOf(key: string): string[] {
    return [...(this.#owners.get(key) ?? [])];
  }
}
