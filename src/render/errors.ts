/**
 * Helm's rewriting of template errors (pkg/engine/engine.go): parse errors
 * become "parse error at (file:line): msg"; `fail`/`required` become
 * "execution error at (file:line:col): msg"; other execution errors become a
 * trace of "location / executing … at <…>: / message" entries — unless some
 * error in the chain is not a template error, in which case Helm shows the
 * original message unchanged.
 */
import { ExecError } from "../template/index.ts";
import { splitN } from "./funcs/strings.ts";

export const WARN_START = "HELM_ERR_START";
export const WARN_END = "HELM_ERR_END";
const WARN_RE = new RegExp(`${WARN_START}([\\s\\S]*)${WARN_END}`);

/** Wraps a message so that Helm's error rewriting shows it as the error's text (used by fail and required). */
export function warnWrap(msg: string): string {
  return WARN_START + msg + WARN_END;
}

/** An error from rendering a chart, with Helm's message. */
export class RenderError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RenderError";
  }
}

export function cleanupParseError(filename: string, err: Error): RenderError {
  const tokens = err.message.split(": ");
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${err.message}`, { cause: err });
  const location = tokens[1] ?? "";
  const msg = tokens[tokens.length - 1] ?? "";
  return new RenderError(`parse error at (${location}): ${msg}`, { cause: err });
}

interface Traceable {
  location: string;
  message: string;
  executedFunction: string;
}

function traceString(t: Traceable): string {
  let s = "";
  if (t.location !== "") s += `${t.location}\n  `;
  if (t.executedFunction !== "") s += `${t.executedFunction}\n    `;
  if (t.message !== "") s += `${t.message}\n`;
  return s;
}

function cutAtNestedTemplate(msg: string): string {
  const cut = msg.indexOf(" template:");
  return cut === -1 ? msg : msg.slice(0, cut);
}

function parseTraceable(s: string): Traceable | undefined {
  const prefix = "template: ";
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith("no template ")) return { location: "", message: s, executedFunction: "" };
  const exec = rest.indexOf(": executing ");
  if (exec !== -1) {
    const location = rest.slice(0, exec);
    const after = rest.slice(exec + ": executing ".length);
    if (after.startsWith('"')) {
      const endQuote = after.indexOf('"', 1);
      if (endQuote !== -1) {
        const fn = after.slice(1, endQuote);
        const afterFunc = after.slice(endQuote + 1);
        if (afterFunc.startsWith(" at <")) {
          const afterAt = afterFunc.slice(" at <".length);
          const endLoc = afterAt.indexOf(">: ");
          if (endLoc !== -1) {
            return {
              location,
              message: cutAtNestedTemplate(afterAt.slice(endLoc + ">: ".length)),
              executedFunction: `executing "${fn}" at <${afterAt.slice(0, endLoc)}>:`,
            };
          }
        }
      }
    }
    return undefined;
  }
  const sep = rest.lastIndexOf(": ");
  if (sep !== -1) return { location: rest.slice(0, sep), message: cutAtNestedTemplate(rest.slice(sep + 2)), executedFunction: "" };
  return undefined;
}

/** The chain of errors Go's errors.Unwrap would walk. */
function chain(err: Error): Error[] {
  const out: Error[] = [];
  let cur: unknown = err;
  while (cur instanceof Error && out.length < 1000) {
    out.push(cur);
    cur = cur.cause;
  }
  return out;
}

export function reformatExecError(filename: string, err: unknown): Error {
  if (!(err instanceof ExecError)) return err instanceof Error ? err : new Error(String(err));
  const tokens = splitN(err.message, ": ", 3);
  if (tokens.length !== 3) return new RenderError(`execution error in (${filename}): ${err.message}`, { cause: err });
  const warn = WARN_RE.exec(tokens[2] ?? "");
  if (warn) return new RenderError(`execution error at (${tokens[1] ?? ""}): ${warn[1] ?? ""}`, { cause: err });
  const trace: Traceable[] = [];
  for (const e of chain(err)) {
    const t = parseTraceable(e.message);
    if (!t) return err;
    const last = trace.at(-1);
    if (!last || last.location !== t.location || last.message !== t.message || last.executedFunction !== t.executedFunction) trace.push(t);
  }
  return new RenderError(trace.map(traceString).join("").trim(), { cause: err });
}
