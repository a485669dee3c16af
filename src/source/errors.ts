/**
 * Errors of the OCI chart source. Every message names the registry, the
 * repository and the reference (tag, digest or version constraint) and never
 * contains credentials: callers scrub known secrets through `redact`.
 */

export type SourceErrorCode =
  | "invalid-reference"
  | "invalid-config"
  | "invalid-challenge"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "no-match"
  | "digest-mismatch"
  | "size-mismatch"
  | "media-type"
  | "too-large"
  | "unreachable"
  | "tls"
  | "timeout"
  | "http"
  | "protocol";

export interface SourceErrorContext {
  registry: string;
  repository: string;
  /** The tag, digest or version constraint being resolved or pulled. */
  reference: string;
}

export class SourceError extends Error {
  override readonly name = "SourceError";
  readonly code: SourceErrorCode;
  readonly registry: string;
  readonly repository: string;
  readonly reference: string;

  constructor(code: SourceErrorCode, ctx: SourceErrorContext, detail: string, options?: { cause?: unknown; secrets?: readonly string[] }) {
    const where = `oci://${ctx.registry || "?"}/${ctx.repository || "?"} (registry ${ctx.registry || "?"}, repository ${ctx.repository || "?"}, reference ${ctx.reference || "?"})`;
    super(redact(`${where}: ${detail}`, options?.secrets ?? []), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.registry = ctx.registry;
    this.repository = ctx.repository;
    this.reference = ctx.reference;
  }
}

/** Replaces every occurrence of each secret (and its base64 forms) by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    out = out.replaceAll(s, "***");
    const b64 = Buffer.from(s).toString("base64").replace(/=+$/, "");
    if (b64.length >= 4) out = out.replaceAll(b64, "***");
  }
  return out;
}
