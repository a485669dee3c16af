/**
 * The rest of Sprig's map: path and filepath functions (Linux semantics for
 * the os* variants, which are the same as package path there), urlParse and
 * urlJoin, uuidv4, hello and getHostByName (bosun never resolves names; like
 * `helm template`, it returns "").
 */
import { FuncError, goFunc, type GoFunc, type GoMap, goKind, mapGet } from "../../template/index.ts";
import { NIL_DEREFERENCE } from "./lists.ts";
import { nodeCrypto } from "./node-crypto.ts";
import { hostname, newURL, parseURL, URLError, urlString, userinfoString } from "./neturl.ts";

/** path.Clean. */
export function clean(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const n = path.length;
  const out: string[] = [];
  let r = 0;
  let dotdot = 0;
  if (rooted) {
    out.push("/");
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (path[r] === "/") {
      r++;
    } else if (path[r] === "." && (r + 1 === n || path[r + 1] === "/")) {
      r++;
    } else if (path[r] === "." && path[r + 1] === "." && (r + 2 === n || path[r + 2] === "/")) {
      r += 2;
      if (out.length > dotdot) {
        let c = out.pop();
        while (out.length > dotdot && c !== "/") c = out.pop();
      } else if (!rooted) {
        if (out.length > 0) out.push("/");
        out.push(".", ".");
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out.push("/");
      for (; r < n && path[r] !== "/"; r++) out.push(path[r] ?? "");
    }
  }
  return out.length === 0 ? "." : out.join("");
}

/** path.Base. */
export function base(path: string): string {
  if (path === "") return ".";
  path = path.replace(/\/+$/, "");
  const i = path.lastIndexOf("/");
  if (i >= 0) path = path.slice(i + 1);
  return path === "" ? "/" : path;
}

/** path.Dir. */
export function dir(path: string): string {
  return clean(path.slice(0, path.lastIndexOf("/") + 1));
}

/** path.Ext. */
export function ext(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== "/"; i--) if (path[i] === ".") return path.slice(i);
  return "";
}

const isAbs = (path: string): boolean => path.startsWith("/");

function urlParse(v: string): Map<string, unknown> {
  let u;
  try {
    u = parseURL(v);
  } catch (e) {
    if (e instanceof URLError) throw new FuncError(`unable to parse url: ${e.message}`);
    throw e;
  }
  return new Map<string, unknown>([
    ["scheme", u.scheme],
    ["host", u.host],
    ["hostname", hostname(u)],
    ["path", u.path],
    ["query", u.rawQuery],
    ["opaque", u.opaque],
    ["fragment", u.fragment],
    ["userinfo", userinfoString(u.user)],
  ]);
}

/** Sprig's dictGetOrEmpty: a string entry, "" when missing; other types panic. */
function dictGetOrEmpty(d: GoMap | null, key: string): string {
  if (d === null) return "";
  const v = mapGet(d, key);
  if (!v.found) return "";
  if (v.value === null || v.value === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (typeof v.value !== "string") throw new FuncError(`unable to parse ${key} key, must be of type string, but ${goKind(v.value)} found`);
  return v.value;
}

function urlJoin(d: GoMap | null): string {
  const u = newURL();
  u.scheme = dictGetOrEmpty(d, "scheme");
  u.host = dictGetOrEmpty(d, "host");
  u.path = dictGetOrEmpty(d, "path");
  u.rawQuery = dictGetOrEmpty(d, "query");
  u.opaque = dictGetOrEmpty(d, "opaque");
  u.fragment = dictGetOrEmpty(d, "fragment");
  const userinfo = dictGetOrEmpty(d, "userinfo");
  if (userinfo !== "") {
    try {
      u.user = parseURL(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof URLError) throw new FuncError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return urlString(u);
}

export const MISC_FUNCS: Record<string, GoFunc> = {
  hello: goFunc("-> string", () => "Hello!"),
  base: goFunc("string -> string", base),
  dir: goFunc("string -> string", dir),
  clean: goFunc("string -> string", clean),
  ext: goFunc("string -> string", ext),
  isAbs: goFunc("string -> bool", isAbs),
  osBase: goFunc("string -> string", base),
  osClean: goFunc("string -> string", clean),
  osDir: goFunc("string -> string", dir),
  osExt: goFunc("string -> string", ext),
  osIsAbs: goFunc("string -> bool", isAbs),
  urlParse: goFunc("string -> map[string]interface {}", urlParse),
  urlJoin: goFunc("map[string]interface {} -> string", urlJoin),
  uuidv4: goFunc("-> string", () => nodeCrypto().randomUUID()),
  getHostByName: goFunc("string -> string", () => ""),
};
