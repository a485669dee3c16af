/**
 * The parts of Go's net/url that Sprig's urlParse and urlJoin use: Parse,
 * URL.String, URL.Hostname and Userinfo.String, as in Go 1.25 (the Go Helm
 * 4.1.4 is built with: colons in hosts are not checked strictly, bracketed
 * hosts must be IPv6 addresses). Escaping works on the UTF-8 bytes.
 */
import { fromUtf8, utf8, quote } from "../../template/index.ts";

const ENCODE_PATH = 1;
const ENCODE_HOST = 3;
const ENCODE_ZONE = 4;
const ENCODE_USER_PASSWORD = 5;
const ENCODE_QUERY_COMPONENT = 6;
const ENCODE_FRAGMENT = 7;
type Mode = typeof ENCODE_PATH | typeof ENCODE_HOST | typeof ENCODE_ZONE | typeof ENCODE_USER_PASSWORD | typeof ENCODE_QUERY_COMPONENT | typeof ENCODE_FRAGMENT;

export class URLError extends Error {}

function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === ENCODE_HOST || mode === ENCODE_ZONE) && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case ENCODE_PATH:
        return ch === "?";
      case ENCODE_USER_PASSWORD:
        return ch === "@" || ch === "/" || ch === "?" || ch === ":";
      case ENCODE_QUERY_COMPONENT:
        return true;
      case ENCODE_FRAGMENT:
        return false;
      default:
        break;
    }
  }
  if (mode === ENCODE_FRAGMENT && "!()*".includes(ch)) return false;
  return true;
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const unhex = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

/** url.unescape. */
function unescape(str: string, mode: Mode): string {
  const s = utf8(str);
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length; ) {
    const c = s[i] ?? 0;
    if (c === 0x25) {
      n++;
      if (i + 2 >= s.length || !isHex(s[i + 1] ?? 0) || !isHex(s[i + 2] ?? 0)) {
        const bad = fromUtf8(s.subarray(i, Math.min(i + 3, s.length)));
        throw new URLError(`invalid URL escape ${quote(bad)}`);
      }
      const seq = fromUtf8(s.subarray(i, i + 3));
      if (mode === ENCODE_HOST && unhex(s[i + 1] ?? 0) < 8 && seq !== "%25") throw new URLError(`invalid URL escape ${quote(seq)}`);
      if (mode === ENCODE_ZONE) {
        const v = (unhex(s[i + 1] ?? 0) << 4) | unhex(s[i + 2] ?? 0);
        if (seq !== "%25" && v !== 0x20 && shouldEscape(v, ENCODE_HOST)) throw new URLError(`invalid URL escape ${quote(seq)}`);
      }
      i += 3;
    } else if (c === 0x2b) {
      hasPlus = mode === ENCODE_QUERY_COMPONENT;
      i++;
    } else {
      if ((mode === ENCODE_HOST || mode === ENCODE_ZONE) && c < 0x80 && shouldEscape(c, mode)) {
        throw new URLError(`invalid character ${quote(String.fromCharCode(c))} in host name`);
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return str;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? 0;
    if (c === 0x25) {
      out.push((unhex(s[i + 1] ?? 0) << 4) | unhex(s[i + 2] ?? 0));
      i += 2;
    } else if (c === 0x2b) {
      out.push(mode === ENCODE_QUERY_COMPONENT ? 0x20 : 0x2b);
    } else {
      out.push(c);
    }
  }
  return fromUtf8(Uint8Array.from(out));
}

/** url.escape. */
function escape(str: string, mode: Mode): string {
  let out = "";
  let changed = false;
  for (const c of utf8(str)) {
    if (c === 0x20 && mode === ENCODE_QUERY_COMPONENT) {
      out += "+";
      changed = true;
    } else if (shouldEscape(c, mode)) {
      out += `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
      changed = true;
    } else {
      out += String.fromCharCode(c);
    }
  }
  return changed ? out : str;
}

export interface Userinfo {
  username: string;
  password: string;
  passwordSet: boolean;
}

export interface URL {
  scheme: string;
  opaque: string;
  user: Userinfo | null;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

export function newURL(): URL {
  return { scheme: "", opaque: "", user: null, host: "", path: "", rawPath: "", omitHost: false, forceQuery: false, rawQuery: "", fragment: "", rawFragment: "" };
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new URLError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function validOptionalPort(port: string): boolean {
  if (port === "") return true;
  if (!port.startsWith(":")) return false;
  return /^[0-9]*$/.test(port.slice(1));
}

// netip.ParseAddr, for the "is this a valid IPv6 literal" check of bracketed hosts.
class AddrError extends Error {
  constructor(input: string, msg: string, at = "") {
    super(`ParseAddr(${quote(input)}): ${msg}${at === "" ? "" : ` (at ${quote(at)})`}`);
  }
}

function parseIPv4Fields(input: string, off: number, end: number): void {
  let val = 0;
  let pos = 0;
  let digLen = 0;
  const s = input.slice(off, end);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digLen === 1 && val === 0) throw new AddrError(input, "IPv4 field has octet with leading zero");
      val = val * 10 + c - 0x30;
      digLen++;
      if (val > 255) throw new AddrError(input, "IPv4 field has value >255");
    } else if (c === 0x2e) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") throw new AddrError(input, "IPv4 field must have at least one digit", s.slice(i));
      if (pos === 3) throw new AddrError(input, "IPv4 address too long");
      pos++;
      val = 0;
      digLen = 0;
    } else {
      throw new AddrError(input, "unexpected character", s.slice(i));
    }
  }
  if (pos < 3) throw new AddrError(input, "IPv4 address too short");
}

function parseIPv6(input: string): void {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") throw new AddrError(input, "zone must be a non-empty string");
  }
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s.charCodeAt(off);
      if (isHex(c)) acc = acc * 16 + unhex(c);
      else break;
      if (off > 3) throw new AddrError(input, "each group must have 4 or less digits", s);
      if (acc > 0xffff) throw new AddrError(input, "IPv6 field has value >=2^16", s);
    }
    if (off === 0) throw new AddrError(input, "each colon-separated field must have at least one digit", s);
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) throw new AddrError(input, "embedded IPv4 address must replace the final 2 fields of the address", s);
      if (i + 4 > 16) throw new AddrError(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      let end = input.length;
      if (zone.length > 0) end -= zone.length + 1;
      parseIPv4Fields(input, end - s.length, end);
      s = "";
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === "") break;
    if (s[0] !== ":") throw new AddrError(input, "unexpected character, want colon", s);
    if (s.length === 1) throw new AddrError(input, "colon must be followed by more characters", s);
    s = s.slice(1);
    if (s.startsWith(":")) {
      if (ellipsis >= 0) throw new AddrError(input, "multiple :: in address", s);
      ellipsis = i;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") throw new AddrError(input, "trailing garbage after address", s);
  if (i < 16) {
    if (ellipsis < 0) throw new AddrError(input, "address string too short");
  } else if (ellipsis >= 0) {
    throw new AddrError(input, "the :: must expand to at least one field of zeros");
  }
}

/** netip.ParseAddr; returns whether the address is IPv4. */
function parseAddr(s: string): boolean {
  for (const ch of s) {
    if (ch === ".") {
      parseIPv4Fields(s, 0, s.length);
      return true;
    }
    if (ch === ":") {
      parseIPv6(s);
      return false;
    }
    if (ch === "%") throw new AddrError(s, "missing IPv6 address");
  }
  throw new AddrError(s, "unable to parse IP");
}

function parseHost(host: string): string {
  const open = host.lastIndexOf("[");
  if (open > 0) throw new URLError("invalid IP-literal");
  if (open === 0) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw new URLError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
    const unescapedColonPort = unescape(colonPort, ENCODE_HOST);
    const hostname = host.slice(1, close);
    const zoneIdx = hostname.indexOf("%25");
    const unescaped = zoneIdx >= 0 ? unescape(hostname.slice(0, zoneIdx), ENCODE_HOST) + unescape(hostname.slice(zoneIdx), ENCODE_ZONE) : unescape(hostname, ENCODE_HOST);
    let is4: boolean;
    try {
      is4 = parseAddr(unescaped);
    } catch (e) {
      throw new URLError(`invalid host: ${(e as Error).message}`);
    }
    if (is4) throw new URLError("invalid IP-literal");
    return `[${unescaped}]${unescapedColonPort}`;
  }
  const colon = host.lastIndexOf(":");
  if (colon !== -1) {
    const colonPort = host.slice(colon);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
  }
  return unescape(host, ENCODE_HOST);
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(authority: string): [Userinfo | null, string] {
  const i = authority.lastIndexOf("@");
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [null, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new URLError("net/url: invalid userinfo");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return [{ username: unescape(userinfo, ENCODE_USER_PASSWORD), password: "", passwordSet: false }, host];
  return [
    {
      username: unescape(userinfo.slice(0, colon), ENCODE_USER_PASSWORD),
      password: unescape(userinfo.slice(colon + 1), ENCODE_USER_PASSWORD),
      passwordSet: true,
    },
    host,
  ];
}

function parseWithoutFragment(raw: string): URL {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLError("net/url: invalid control character in URL");
  const url = newURL();
  if (raw === "*") {
    url.path = "*";
    return url;
  }
  const got = getScheme(raw);
  const scheme = got[0];
  let rest = got[1];
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (url.scheme !== "") {
      url.opaque = rest;
      return url;
    }
    const slash = rest.indexOf("/");
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(":")) throw new URLError("first path segment in URL cannot contain colon");
  }
  if ((url.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const i = authority.indexOf("/");
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    [url.user, url.host] = parseAuthority(authority);
  } else if (url.scheme !== "" && rest.startsWith("/")) {
    url.omitHost = true;
  }
  url.path = unescape(rest, ENCODE_PATH);
  url.rawPath = escape(url.path, ENCODE_PATH) === rest ? "" : rest;
  return url;
}

/** url.Parse; throws URLError with Go's *url.Error text. */
export function parseURL(raw: string): URL {
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? "" : raw.slice(hash + 1);
  let url: URL;
  try {
    url = parseWithoutFragment(u);
  } catch (e) {
    throw new URLError(`parse ${quote(u)}: ${(e as Error).message}`);
  }
  if (frag === "") return url;
  try {
    url.fragment = unescape(frag, ENCODE_FRAGMENT);
  } catch (e) {
    throw new URLError(`parse ${quote(raw)}: ${(e as Error).message}`);
  }
  url.rawFragment = escape(url.fragment, ENCODE_FRAGMENT) === frag ? "" : frag;
  return url;
}

/** Userinfo.String. */
export function userinfoString(u: Userinfo | null): string {
  if (u === null) return "";
  let s = escape(u.username, ENCODE_USER_PASSWORD);
  if (u.passwordSet) s += `:${escape(u.password, ENCODE_USER_PASSWORD)}`;
  return s;
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of utf8(s)) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(c))) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

function escapedPath(u: URL): string {
  if (u.rawPath !== "" && validEncoded(u.rawPath, ENCODE_PATH)) {
    try {
      if (unescape(u.rawPath, ENCODE_PATH) === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding
    }
  }
  if (u.path === "*") return "*";
  return escape(u.path, ENCODE_PATH);
}

function escapedFragment(u: URL): string {
  if (u.rawFragment !== "" && validEncoded(u.rawFragment, ENCODE_FRAGMENT)) {
    try {
      if (unescape(u.rawFragment, ENCODE_FRAGMENT) === u.fragment) return u.rawFragment;
    } catch {
      // fall through to the default encoding
    }
  }
  return escape(u.fragment, ENCODE_FRAGMENT);
}

/** URL.String. */
export function urlString(u: URL): string {
  let buf = "";
  if (u.scheme !== "") buf += `${u.scheme}:`;
  if (u.opaque !== "") {
    buf += u.opaque;
  } else {
    if (u.scheme !== "" || u.host !== "" || u.user !== null) {
      if (!(u.omitHost && u.host === "" && u.user === null)) {
        if (u.host !== "" || u.path !== "" || u.user !== null) buf += "//";
        if (u.user !== null) buf += `${userinfoString(u.user)}@`;
        if (u.host !== "") buf += escape(u.host, ENCODE_HOST);
      }
    }
    const path = escapedPath(u);
    if (path !== "" && !path.startsWith("/") && u.host !== "") buf += "/";
    if (buf === "") {
      const slash = path.indexOf("/");
      if ((slash < 0 ? path : path.slice(0, slash)).includes(":")) buf += "./";
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== "") buf += `?${u.rawQuery}`;
  if (u.fragment !== "") buf += `#${escapedFragment(u)}`;
  return buf;
}

/** URL.Hostname. */
export function hostname(u: URL): string {
  let host = u.host;
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return host;
}
