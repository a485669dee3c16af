/**
 * `oci://host[:port]/path/chart[:tag][@sha256:…]` references, validated
 * with the grammar of the OCI distribution spec (and Helm's `+` in tags,
 * which registries store as `_`).
 */
import { SourceError } from "./errors.ts";

export interface OciReference {
  /** host[:port], as written (lowercased host). */
  registry: string;
  /** The repository path inside the registry, e.g. `charts/podinfo`. */
  repository: string;
  /** The tag as written by the user (may contain `+`). */
  tag?: string;
  /** `sha256:<64 hex>`. */
  digest?: string;
}

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
// The registry's tag grammar, with `+` allowed because Helm writes it as `_`.
const TAG_RE = /^[\w][\w.+-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const HOST_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::([0-9]{1,5}))?$/;

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

/** The tag as stored in the registry: Helm replaces `+` (invalid in tags) by `_`. */
export function registryTag(tag: string): string {
  return tag.replaceAll("+", "_");
}

/** The reference string used in error messages: tag, digest, or both. */
export function describeReference(ref: Pick<OciReference, "tag" | "digest">): string {
  if (ref.tag !== undefined && ref.digest !== undefined) return `${ref.tag}@${ref.digest}`;
  return ref.digest ?? ref.tag ?? "(latest version)";
}

export function formatOciReference(ref: OciReference): string {
  return `oci://${ref.registry}/${ref.repository}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}

/** Parses an `oci://` chart reference; throws SourceError (code invalid-reference) with the reason. */
export function parseOciReference(text: string): OciReference {
  const fail = (detail: string, registry = "", repository = ""): never => {
    throw new SourceError("invalid-reference", { registry, repository, reference: text }, `invalid OCI chart reference ${JSON.stringify(text)}: ${detail}`);
  };
  if (!text.startsWith("oci://")) fail('it must start with "oci://"');
  let rest = text.slice("oci://".length);
  let digest: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) fail(`digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex digits>`);
  }
  const slash = rest.indexOf("/");
  if (slash < 0) fail("it has no repository path after the registry host");
  const registry = rest.slice(0, slash);
  let path = rest.slice(slash + 1);
  if (registry === "") fail("the registry host is empty");
  const hostMatch = HOST_RE.exec(registry);
  if (!hostMatch) fail(`registry host ${JSON.stringify(registry)} is not a valid host[:port]`);
  const port = hostMatch?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) fail(`port ${port} is out of range`, registry);
  let tag: string | undefined;
  const colon = path.lastIndexOf(":");
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (tag === "") fail("the tag after ':' is empty", registry);
    if (!TAG_RE.test(tag)) fail(`tag ${JSON.stringify(tag)} is not valid (letters, digits, '_', '.', '-', '+'; at most 128; not starting with '.' or '-')`, registry);
  }
  if (path === "") fail("the repository path is empty", registry);
  if (!REPOSITORY_RE.test(path)) {
    fail(`repository ${JSON.stringify(path)} is not valid (lowercase letters, digits and separators '.', '_', '__', '-', '/')`, registry, path);
  }
  if (path.length + registry.length + 1 > 255) fail("the repository name is longer than 255 characters", registry, path);
  const ref: OciReference = { registry: registry.toLowerCase(), repository: path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}
