/**
 * bosun's structured logger: pino writing one JSON object per line, with the
 * level as a label and the time as an ISO string so log pipelines and humans
 * read it without pino-specific decoding.
 */
import pino from "pino";

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** trace, debug, info, warn, error or fatal (default info). */
  level?: string;
  /** Defaults to stdout. */
  destination?: pino.DestinationStream | NodeJS.WritableStream;
  /** Fields on every line; replaces pino's default pid and hostname, as pino's own base option does. */
  base?: Record<string, unknown>;
}

const LEVELS: readonly pino.Level[] = ["trace", "debug", "info", "warn", "error", "fatal"];

/** Normalises a level name (case-insensitive); throws naming the accepted levels. */
export function parseLogLevel(s: string): pino.Level {
  const wanted = s.trim().toLowerCase();
  const level = LEVELS.find((l) => l === wanted);
  if (level === undefined) throw new Error(`unknown log level "${s}": use one of ${LEVELS.join(", ")}`);
  return level;
}

// Keys that carry credentials in registry auth, Secrets, HTTP headers and
// kubeconfig-like objects. Matched exactly (pino redaction is case-sensitive),
// hence both spellings of the header.
export const SECRET_KEYS: readonly string[] = [
  "password",
  "token",
  "accessToken",
  "refreshToken",
  "authorization",
  "Authorization",
  "auth",
  "credentials",
  "secret",
  "clientSecret",
  "privateKey",
  "cookie",
  "set-cookie",
];
// Depths 0 to 2 cover `{password}`, `{auth: {password}}` and `{req: {headers: {authorization}}}`.
// Every wildcard level multiplies the work done on each line (measured with
// 12 keys: depth 2 costs ~25-50 µs a line, depth 3 ~45-160 µs), so deeper
// secrets must be logged through a serializer or not at all.
export const REDACT_DEPTH = 2;

/** Every secret key at the top level and under one to REDACT_DEPTH parent objects. */
const REDACT_PATHS = Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => {
  const parents = "*.".repeat(depth);
  // Keys that are not identifiers need bracket notation: "*.*[\"set-cookie\"]".
  return SECRET_KEYS.map((key) => (/^\w+$/.test(key) ? `${parents}${key}` : `${parents.slice(0, -1)}["${key}"]`));
}).flat();

/** A pino logger writing JSON lines to opts.destination (stdout by default); throws for an unknown level. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: parseLogLevel(opts.level ?? "info"),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
    serializers: { err: pino.stdSerializers.err },
    ...(opts.base === undefined ? {} : { base: opts.base }),
  };
  return opts.destination === undefined ? pino(options) : pino(options, opts.destination);
}
