/**
 * Requests made for a tenant's release run as one of the tenant's
 * ServiceAccounts, so the API server's authorization, not bosun, decides what
 * a release may touch. `impersonating` wraps a Transport; `forbiddenDenials`
 * turns the API server's 403 answers back into "who cannot do what" for a
 * status message.
 *
 * Only Impersonate-User is sent, as Flux's helm-controller and `kubectl --as`
 * do: for a ServiceAccount user name the API server derives its groups itself
 * (system:serviceaccounts, system:serviceaccounts:<namespace>,
 * system:authenticated), and the controller then needs only `impersonate` on
 * `serviceaccounts`, not on `groups` as well.
 */
import { isRecord, KubeApiError, type KubeStatus, type Transport } from "./client.ts";

export interface Impersonation {
  /** The user name, e.g. serviceAccountUser("t1", "deployer"). */
  user: string;
}

/** The user name of a ServiceAccount: system:serviceaccount:<namespace>:<name>. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

const IMPERSONATE = /^impersonate-/i;

/**
 * `t` with every request sent as `who`. Impersonation headers a caller put
 * on a request are replaced, so no request made through the wrapper can pick
 * another identity or add groups.
 */
export function impersonating(t: Transport, who: Impersonation): Transport {
  return (req) => {
    const headers = Object.fromEntries(Object.entries(req.headers ?? {}).filter(([k]) => !IMPERSONATE.test(k)));
    return t({ ...req, headers: { ...headers, "Impersonate-User": who.user } });
  };
}

/** An authorization refusal, from a 403 Status. */
export interface Denial {
  user: string;
  verb: string;
  /** "clusterroles.rbac.authorization.k8s.io", "configmaps", "deployments/scale", or a path for a non-resource URL. */
  resource: string;
  namespace?: string;
  /** The object's name, when the request named one. */
  name?: string;
}

// The authorizer's wording (k8s.io/apiserver .../responsewriters/errors.go, forbiddenMessage).
const RESOURCE_DENIAL = /User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/;
const PATH_DENIAL = /User "([^"]*)" cannot (\S+) path "([^"]+)"/;

/**
 * The refusal a 403 Status describes, or undefined when it is not an
 * authorization refusal (a 403 from admission: quota, Pod Security, a
 * terminating namespace). Pure.
 */
export function parseDenial(status: KubeStatus): Denial | undefined {
  if (status.code !== undefined && status.code !== 403) return undefined;
  const message = status.message ?? "";
  const r = RESOURCE_DENIAL.exec(message);
  if (r) {
    const [, user = "", verb = "", resource = "", group = "", namespace] = r;
    const name = status.details?.name;
    return { user, verb, resource: group === "" ? resource : `${resource}.${group}`, ...(namespace === undefined ? {} : { namespace }), ...(name ? { name } : {}) };
  }
  const p = PATH_DENIAL.exec(message);
  if (p) {
    const [, user = "", verb = "", path = ""] = p;
    return { user, verb, resource: path };
  }
  return undefined;
}

/** `system:serviceaccount:t1:deployer cannot patch clusterroles.rbac.authorization.k8s.io "x" (cluster-scoped)`. */
export function describeDenial(d: Denial): string {
  const where = d.resource.startsWith("/") ? "" : d.namespace === undefined ? " (cluster-scoped)" : ` in namespace ${d.namespace}`;
  return `${d.user} cannot ${d.verb} ${d.resource}${d.name === undefined ? "" : ` "${d.name}"`}${where}`;
}

function statusOf(e: unknown): KubeStatus | undefined {
  if (e instanceof KubeApiError) return e.code === 403 ? { ...e.status, code: 403 } : undefined;
  // A Status body carried as a cause (the health waiter's refused LIST).
  if (isRecord(e) && !(e instanceof Error) && e["kind"] === "Status" && e["code"] === 403) return e;
  return undefined;
}

/**
 * Every authorization refusal inside `e` (its causes, and the errors of an
 * ApplySetError or AggregateError), described and without repeats, in the
 * order found. Empty when the failure is not one of missing rights.
 */
export function forbiddenDenials(e: unknown): string[] {
  const out = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number): void => {
    if (x === undefined || x === null || seen.has(x) || depth > 16) return;
    seen.add(x);
    const status = statusOf(x);
    const denial = status && parseDenial(status);
    if (denial) out.add(describeDenial(denial));
    if (x instanceof Error) {
      visit(x.cause, depth + 1);
      const errors: unknown = (x as { errors?: unknown }).errors;
      if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    }
  };
  visit(e, 0);
  return [...out];
}
