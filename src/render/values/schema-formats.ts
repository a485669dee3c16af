/**
 * The `format` checks of santhosh-tekuri/jsonschema v6 (the JSON Schema
 * library of Helm 4), with its error texts: each returns undefined when the
 * string is valid, or the reason it is not (the text after "… is not valid
 * <format>: "). Non-strings are always valid. Formats v6 does not know are
 * not checked.
 *
 * Go library errors that show through are reproduced: time.Parse for
 * "date", strconv.Atoi for "ipv4", netip.ParseAddr for "ipv6" and
 * url.Parse (its common failures) for the URI formats.
 */
import { compile as compileRe2, RegexpSyntaxError } from "../funcs/re2.ts";
import { quote, quoteRune } from "../../template/index.ts";

export type FormatCheck = (s: string) => string | undefined;

/** Go's %q of a rune. */
function q(ch: string): string {
  return quoteRune(ch.codePointAt(0) ?? 0);
}

/** Go's %q of a byte as a rune (strings indexed by byte in Go). */
function qByte(s: string, i: number): string {
  return quoteRune(s.charCodeAt(i));
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

// --- json-pointer, relative-json-pointer ---

function jsonPointer(s: string): string | undefined {
  if (s === "") return undefined;
  if (!s.startsWith("/")) return "not starting with /";
  for (const tok of s.split("/").slice(1)) {
    let escape = false;
    for (const ch of tok) {
      if (escape) {
        escape = false;
        if (ch !== "0" && ch !== "1") return "~ must be followed by 0 or 1";
        continue;
      }
      if (ch === "~") {
        escape = true;
        continue;
      }
      const c = ch.codePointAt(0) ?? 0;
      if (!((c >= 0 && c <= 0x2e) || (c >= 0x30 && c <= 0x7d) || (c >= 0x7f && c <= 0x10ffff))) return `invalid character ${q(ch)}`;
    }
    if (escape) return "~ must be followed by 0 or 1";
  }
  return undefined;
}

function relativeJsonPointer(s: string): string | undefined {
  const digits = /^[0-9]*/.exec(s)?.[0].length ?? 0;
  if (digits === 0) return "must start with non-negative integer";
  if (digits > 1 && s.startsWith("0")) return "starts with zero";
  const rest = s.slice(digits);
  if (rest === "#") return undefined;
  return jsonPointer(rest);
}

// --- uuid ---

function uuid(s: string): string | undefined {
  const hexGroups = [8, 4, 4, 4, 12];
  const groups = s.split("-");
  if (groups.length !== hexGroups.length) return `must have ${hexGroups.length} elements`;
  for (const [i, group] of groups.entries()) {
    const want = hexGroups[i] ?? 0;
    if (utf8Length(group) !== want) return `element ${i + 1} must be ${want} characters long`;
    for (const ch of group) if (!/^[0-9a-fA-F]$/.test(ch)) return `non-hex character ${q(ch)}`;
  }
  return undefined;
}

// --- duration, period ---

function duration(str: string): string | undefined {
  if (!str.startsWith("P")) return "must start with P";
  let s = str.slice(1);
  if (s === "") return "nothing after P";
  if (s.endsWith("W")) {
    s = s.slice(0, -1);
    if (s === "") return "no number in week";
    return /^[0-9]*$/.test(s) ? undefined : "invalid week";
  }
  const allUnits = ["YMD", "HMS"];
  for (const [i, part] of s.split("T").entries()) {
    let p = part;
    if (i !== 0 && p === "") return "no time elements";
    if (i >= allUnits.length) return "more than one T";
    let units = allUnits[i] ?? "";
    while (p !== "") {
      const digitCount = /^[0-9]*/.exec(p)?.[0].length ?? 0;
      if (digitCount === 0) return "missing number";
      p = p.slice(digitCount);
      if (p === "") return "missing unit";
      const unit = p[0] ?? "";
      const j = units.indexOf(unit);
      if (j === -1) {
        if ((allUnits[i] ?? "").includes(unit)) return `unit ${qByte(p, 0)} out of order`;
        return `invalid unit ${qByte(p, 0)}`;
      }
      units = units.slice(j + 1);
      p = p.slice(1);
    }
  }
  return undefined;
}

function period(s: string): string | undefined {
  const slash = s.indexOf("/");
  if (slash === -1) return "missing slash";
  const start = s.slice(0, slash);
  const end = s.slice(slash + 1);
  let e: string | undefined;
  if (start.startsWith("P")) {
    if ((e = duration(start)) !== undefined) return `invalid start duration: ${e}`;
    if ((e = dateTime(end)) !== undefined) return `invalid end date-time: ${e}`;
  } else {
    if ((e = dateTime(start)) !== undefined) return `invalid start date-time: ${e}`;
    if (end.startsWith("P")) {
      if ((e = duration(end)) !== undefined) return `invalid end duration: ${e}`;
    } else if ((e = dateTime(end)) !== undefined) return `invalid end date-time: ${e}`;
  }
  return undefined;
}

// --- ipv4, ipv6 ---

/** strconv.Atoi's error for s, or undefined with the value. */
function atoi(s: string): { n: number; err?: undefined } | { n?: undefined; err: string } {
  if (!/^[+-]?[0-9]+$/.test(s)) return { err: `strconv.Atoi: parsing ${quote(s)}: invalid syntax` };
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return { err: `strconv.Atoi: parsing ${quote(s)}: value out of range` };
  return { n: Number(n) };
}

function ipv4(s: string): string | undefined {
  const groups = s.split(".");
  if (groups.length !== 4) return "expected four decimals";
  for (const group of groups) {
    if (group.length > 1 && group.startsWith("0")) return "leading zeros";
    const r = atoi(group);
    if (r.err !== undefined) return r.err;
    if (r.n < 0 || r.n > 255) return "decimal must be between 0 and 255";
  }
  return undefined;
}

function addrError(input: string, msg: string, at?: string): string {
  return at !== undefined && at !== "" ? `ParseAddr(${quote(input)}): ${msg} (at ${quote(at)})` : `ParseAddr(${quote(input)}): ${msg}`;
}

/** netip's parseIPv4Fields on in[off:end]. */
function ipv4Fields(input: string, off: number, end: number): string | undefined {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (c >= "0" && c <= "9") {
      if (digLen === 1 && val === 0) return addrError(input, "IPv4 field has octet with leading zero");
      val = val * 10 + Number(c);
      digLen++;
      if (val > 255) return addrError(input, "IPv4 field has value >255");
    } else if (c === ".") {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") return addrError(input, "IPv4 field must have at least one digit", s.slice(i));
      if (pos === 3) return addrError(input, "IPv4 address too long");
      pos++;
      val = 0;
      digLen = 0;
    } else {
      return addrError(input, "unexpected character", s.slice(i));
    }
  }
  if (pos < 3) return addrError(input, "IPv4 address too short");
  return undefined;
}

/** netip.ParseAddr: the error text, or undefined with whether the address is IPv4 and its zone. */
export function parseAddr(s: string): { err: string } | { err?: undefined; is4: boolean; zone: string } {
  for (const c of s) {
    if (c === ".") {
      const e = ipv4Fields(s, 0, s.length);
      return e === undefined ? { is4: true, zone: "" } : { err: e };
    }
    if (c === ":") return parseIPv6(s);
    if (c === "%") return { err: addrError(s, "missing IPv6 address") };
  }
  return { err: addrError(s, "unable to parse IP") };
}

function parseIPv6(input: string): { err: string } | { err?: undefined; is4: boolean; zone: string } {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") return { err: addrError(input, "zone must be a non-empty string") };
  }
  let ellipsis = -1;
  if (s.length >= 2 && s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { is4: false, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s[off] ?? "";
      if (!/^[0-9a-fA-F]$/.test(c)) break;
      acc = acc * 16 + parseInt(c, 16);
      if (off > 3) return { err: addrError(input, "each group must have 4 or less digits", s) };
      if (acc > 0xffff) return { err: addrError(input, "IPv6 field has value >=2^16", s) };
    }
    if (off === 0) return { err: addrError(input, "each colon-separated field must have at least one digit", s) };
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) return { err: addrError(input, "embedded IPv4 address must replace the final 2 fields of the address", s) };
      if (i + 4 > 16) return { err: addrError(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s) };
      let end = input.length;
      if (zone.length > 0) end -= zone.length + 1;
      const e = ipv4Fields(input, end - s.length, end);
      if (e !== undefined) return { err: e };
      s = "";
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":") return { err: addrError(input, "unexpected character, want colon", s) };
    if (s.length === 1) return { err: addrError(input, "colon must be followed by more characters", s) };
    s = s.slice(1);
    if (s.startsWith(":")) {
      if (ellipsis >= 0) return { err: addrError(input, "multiple :: in address", s) };
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return { err: addrError(input, "trailing garbage after address", s) };
  if (i < 16) {
    if (ellipsis < 0) return { err: addrError(input, "address string too short") };
  } else if (ellipsis >= 0) {
    return { err: addrError(input, "the :: must expand to at least one field of zeros") };
  }
  return { is4: false, zone };
}

function ipv6(s: string): string | undefined {
  if (!s.includes(":")) return "missing colon";
  const a = parseAddr(s);
  if (a.err !== undefined) return a.err;
  if (a.zone !== "") return "zone id is not a part of ipv6 address";
  return undefined;
}

// --- hostname, email ---

function hostname(str: string): string | undefined {
  const s = str.endsWith(".") ? str.slice(0, -1) : str;
  if (utf8Length(s) > 253) return "more than 253 characters long";
  for (const label of s.split(".")) {
    const n = utf8Length(label);
    if (n < 1 || n > 63) return "label must be 1 to 63 characters long";
    if (label.startsWith("-")) return "label starts with hyphen";
    if (label.endsWith("-")) return "label ends with hyphen";
    for (const ch of label) if (!/^[a-zA-Z0-9-]$/.test(ch)) return `invalid character ${q(ch)}`;
  }
  return undefined;
}

function email(s: string): string | undefined {
  if (utf8Length(s) > 254) return "more than 255 characters long";
  const at = s.lastIndexOf("@");
  if (at === -1) return "missing @";
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (utf8Length(local) > 64) return "local part more than 64 characters long";
  if (local.length > 1 && local.startsWith('"')) {
    const inner = local.slice(1, -1);
    if (inner.includes("\\") || inner.includes('"')) return "backslash and quote are not allowed within quoted local part";
  } else {
    if (local.startsWith(".")) return "starts with dot";
    if (local.endsWith(".")) return "ends with dot";
    if (local.includes("..")) return "consecutive dots";
    for (const ch of local) {
      if (!/^[a-zA-Z0-9]$/.test(ch) && !".!#$%&'*+-/=?^_`{|}~".includes(ch)) return `invalid character ${q(ch)}`;
    }
  }
  if (domain.startsWith("[") && domain.endsWith("]")) {
    domain = domain.slice(1, -1);
    if (domain.startsWith("IPv6:")) {
      const e = ipv6(domain.slice(5));
      return e === undefined ? undefined : `invalid ipv6 address: ${e}`;
    }
    const e = ipv4(domain);
    return e === undefined ? undefined : `invalid ipv4 address: ${e}`;
  }
  const e = hostname(domain);
  return e === undefined ? undefined : `invalid domain: ${e}`;
}

// --- date, time, date-time ---

/** The time package's quote: non-ASCII and control bytes as \x escapes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, "utf8")) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return `${out}"`;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** time.Parse("2006-01-02", value): the error text, or undefined. */
function date(value: string): string | undefined {
  const layout = "2006-01-02";
  const cannot = (valueElem: string, layoutElem: string): string =>
    `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`;
  const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
  // Go indexes strings by byte: work on a Latin-1 view of the UTF-8 bytes, quoting the original text.
  const bytes = Buffer.from(value, "utf8").toString("latin1");
  const back = (s: string): string => Buffer.from(s, "latin1").toString("utf8");
  let v = bytes;
  // Year.
  if (v.length < 4 || !isDigit(v, 0)) return cannot(back(v), "2006");
  const yearText = v.slice(0, 4);
  if (!/^[+-]?[0-9]+$/.test(yearText)) return cannot(back(v), "2006");
  const year = Number(yearText);
  v = v.slice(4);
  const getnum = (elem: string): { n: number } | { err: string } => {
    if (!isDigit(v, 0) || !isDigit(v, 1)) return { err: cannot(back(v), elem) };
    const n = Number(v.slice(0, 2));
    v = v.slice(2);
    return { n };
  };
  if (!v.startsWith("-")) return cannot(back(v), "-");
  v = v.slice(1);
  const month = getnum("01");
  if ("err" in month) return month.err;
  if (month.n <= 0 || month.n > 12) return `parsing time ${timeQuote(value)}: month out of range`;
  if (!v.startsWith("-")) return cannot(back(v), "-");
  v = v.slice(1);
  const day = getnum("02");
  if ("err" in day) return day.err;
  if (v.length !== 0) return `parsing time ${timeQuote(value)}: extra text: ${timeQuote(back(v))}`;
  if (day.n < 1 || day.n > daysIn(month.n, year)) return `parsing time ${timeQuote(value)}: day out of range`;
  return undefined;
}

function time(input: string): string | undefined {
  // Go indexes by byte; a non-ASCII string fails one of the checks below the same way.
  let str = Buffer.from(input, "utf8").toString("latin1");
  if (str.length < 9) return "less than 9 characters long";
  if (str[2] !== ":" || str[5] !== ":") return "missing colon in correct place";
  const hms: number[] = [];
  for (const tok of str.slice(0, 8).split(":")) {
    const r = atoi(tok);
    if (r.err !== undefined) return "invalid hour/min/sec";
    if (r.n < 0) return "non-positive hour/min/sec";
    hms.push(r.n);
  }
  if (hms.length !== 3) return "missing hour/min/sec";
  let [h = 0, m = 0] = hms;
  const s = hms[2] ?? 0;
  if (h > 23 || m > 59 || s > 60) return "hour/min/sec out of range";
  str = str.slice(8);
  if (str.startsWith(".")) {
    const rem = str.slice(1);
    const numDigits = /^[0-9]*/.exec(rem)?.[0].length ?? 0;
    if (numDigits === 0) return "no digits in second fraction";
    str = rem.slice(numDigits);
  }
  if (str !== "z" && str !== "Z") {
    if (str.length !== 6) return "offset must be 6 characters long";
    let sign: number;
    if (str[0] === "+") sign = -1;
    else if (str[0] === "-") sign = 1;
    else return "offset must begin with plus/minus";
    str = str.slice(1);
    if (str[2] !== ":") return "missing colon in offset in correct place";
    const zhm: number[] = [];
    for (const tok of [str.slice(0, 2), str.slice(3)]) {
      const r = atoi(tok);
      if (r.err !== undefined) return "invalid hour/min in offset";
      if (r.n < 0) return "non-positive hour/min in offset";
      zhm.push(r.n);
    }
    const [zh = 0, zm = 0] = zhm;
    if (zh > 23 || zm > 59) return "hour/min in offset out of range";
    let hm = h * 60 + m + sign * (zh * 60 + zm);
    if (hm < 0) hm += 24 * 60;
    h = Math.trunc(hm / 60);
    m = hm % 60;
  }
  if (s >= 60 && (h !== 23 || m !== 59)) return "invalid leap second";
  return undefined;
}

function dateTime(s: string): string | undefined {
  const b = Buffer.from(s, "utf8").toString("latin1");
  if (b.length < 20) return "less than 20 characters long";
  if (b[10] !== "t" && b[10] !== "T") return "11th character must be t or T";
  const back = (x: string): string => Buffer.from(x, "latin1").toString("utf8");
  let e = date(back(b.slice(0, 10)));
  if (e !== undefined) return `invalid date element: ${e}`;
  e = time(back(b.slice(11)));
  if (e !== undefined) return `invalid time element: ${e}`;
  return undefined;
}

// --- uri, uri-reference, uri-template ---

const HOST_OK = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]$/;

/** url.Parse's error for the common failures (the text after `parse "…": `), and whether the URL is absolute. */
function parseURL(raw: string): { err: string } | { err?: undefined; abs: boolean; host: string; rawHost: string; path: string } {
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? "" : raw.slice(hash + 1);
  const fail = (url: string, why: string): { err: string } => ({ err: `parse ${quote(url)}: ${why}` });
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(u)) return fail(u, "net/url: invalid control character in URL");
  let scheme = "";
  let rest = u;
  if (u !== "*") {
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(u);
    if (u.startsWith(":")) return fail(u, "missing protocol scheme");
    if (m !== null) {
      scheme = m[0].slice(0, -1).toLowerCase();
      rest = u.slice(m[0].length);
    }
  }
  if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
  else rest = rest.split("?")[0] ?? "";
  let host = "";
  let rawHost = "";
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { abs: true, host, rawHost, path: "" };
    const seg = rest.split("/")[0] ?? "";
    if (seg.includes(":")) return fail(u, "first path segment in URL cannot contain colon");
  }
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf("@");
    rawHost = at < 0 ? authority : authority.slice(at + 1);
    const h = parseHost(scheme, rawHost);
    if (h.err !== undefined) return fail(u, h.err);
    host = h.host;
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) return fail(u, "net/url: invalid userinfo");
  }
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(rest);
  if (bad !== null) return fail(u, `invalid URL escape ${quote(rest.slice(bad.index, bad.index + 3))}`);
  const badFrag = /%(?![0-9A-Fa-f]{2})/.exec(frag);
  if (badFrag !== null) return fail(raw, `invalid URL escape ${quote(frag.slice(badFrag.index, badFrag.index + 3))}`);
  return { abs: scheme !== "", host, rawHost, path: rest };
}

function parseHost(scheme: string, host: string): { err: string } | { err?: undefined; host: string } {
  const open = host.lastIndexOf("[");
  if (open > 0) return { err: "invalid IP-literal" };
  if (open === 0) {
    const close = host.lastIndexOf("]");
    if (close < 0) return { err: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(colonPort)) return { err: `invalid port ${quote(colonPort)} after host` };
    const name = host.slice(1, close);
    const a = parseAddr(decodeURIComponentSafe(name));
    if (a.err !== undefined) return { err: `invalid host: ${a.err}` };
    if (a.is4) return { err: "invalid IP-literal" };
    return { host: name };
  }
  const i = host.indexOf(":");
  if (i !== -1) {
    const last = host.lastIndexOf(":");
    const colonPort = host.slice(scheme === "http" || scheme === "https" ? i : last);
    if (!/^(:[0-9]*)?$/.test(colonPort)) return { err: `invalid port ${quote(colonPort)} after host` };
  }
  for (let k = 0; k < host.length; k++) {
    const c = host[k] ?? "";
    if (c === "%") {
      if (!/^%[0-9A-Fa-f]{2}/.test(host.slice(k))) return { err: `invalid URL escape ${quote(host.slice(k, k + 3))}` };
      if (parseInt(host[k + 1] ?? "0", 16) < 8 && host.slice(k, k + 3) !== "%25") return { err: `invalid URL escape ${quote(host.slice(k, k + 3))}` };
      k += 2;
      continue;
    }
    if (c.charCodeAt(0) < 0x80 && !HOST_OK.test(c)) return { err: `invalid character ${quote(c)} in host name` };
  }
  const colon = host.lastIndexOf(":");
  return { host: colon >= 0 ? host.slice(0, colon) : host };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function checkIPv6Host(u: { host: string; rawHost: string }): string | undefined {
  if (!u.host.includes(":")) return undefined;
  if (!u.rawHost.includes("[") || !u.rawHost.includes("]")) return "ipv6 address not enclosed in brackets";
  const e = ipv6(u.host);
  return e === undefined ? undefined : `invalid ipv6 address: ${e}`;
}

function uri(s: string): string | undefined {
  const u = parseURL(s);
  if (u.err !== undefined) return u.err;
  const e = checkIPv6Host(u);
  if (e !== undefined) return e;
  return u.abs ? undefined : "relative url";
}

function uriReference(s: string): string | undefined {
  if (s.includes("\\")) return "contains \\";
  const u = parseURL(s);
  if (u.err !== undefined) return u.err;
  return checkIPv6Host(u);
}

function uriTemplate(s: string): string | undefined {
  const u = parseURL(s);
  if (u.err !== undefined) return u.err;
  const e = checkIPv6Host(u);
  if (e !== undefined) return e;
  // v6 checks the braces of u.RawPath, which url.Parse sets only when escaping the decoded path would not give it back.
  const rawPath = /^(?:[A-Za-z0-9\-._~$&+,/:;=@!'()*]|%[0-9A-Fa-f]{2})*$/.test(u.path) ? "" : u.path;
  for (const tok of rawPath.split("/")) {
    let want = true;
    for (const ch of decodeURIComponentSafe(tok)) {
      if (ch !== "{" && ch !== "}") continue;
      if ((ch === "{") !== want) return "nested curly braces";
      want = !want;
    }
    if (!want) return "no matching closing brace";
  }
  return undefined;
}

// --- semver ---

function semver(str: string): string | undefined {
  let s = str;
  const plus = s.indexOf("+");
  if (plus !== -1) {
    const build = s.slice(plus + 1);
    if (build === "") return "build is empty";
    for (const id of build.split(".")) {
      if (id === "") return "build identifier is empty";
      for (const ch of id) if (!/^[0-9a-zA-Z-]$/.test(ch)) return `invalid character ${q(ch)} in build identifier`;
    }
    s = s.slice(0, plus);
  }
  const dash = s.indexOf("-");
  if (dash !== -1) {
    for (const id of s.slice(dash + 1).split(".")) {
      if (id === "") return "pre-release identifier is empty";
      let allDigits = true;
      for (const ch of id) {
        if (/^[0-9]$/.test(ch)) continue;
        if (/^[a-zA-Z-]$/.test(ch)) allDigits = false;
        else return `invalid character ${q(ch)} in pre-release identifier`;
      }
      if (allDigits && id.length > 1 && id.startsWith("0")) return "pre-release numeric identifier starts with zero";
    }
    s = s.slice(0, dash);
  }
  const versions = s.split(".");
  if (versions.length !== 3) return "versionCore must have 3 numbers separated by dot";
  const names = ["major", "minor", "patch"];
  for (const [i, v] of versions.entries()) {
    const name = names[i] ?? "";
    if (v === "") return `${name} is empty`;
    if (v.length > 1 && v.startsWith("0")) return `${name} starts with zero`;
    if (!/^[0-9]+$/.test(v)) return `${name} contains non-digit`;
  }
  return undefined;
}

// --- regex ---

function regex(s: string): string | undefined {
  try {
    compileRe2(s);
    return undefined;
  } catch (e) {
    if (e instanceof RegexpSyntaxError) return e.message;
    throw e;
  }
}

/** The formats v6 asserts, by name. */
export const FORMATS: Readonly<Record<string, FormatCheck>> = {
  "json-pointer": jsonPointer,
  "relative-json-pointer": relativeJsonPointer,
  uuid,
  duration,
  period,
  ipv4,
  ipv6,
  hostname,
  email,
  date,
  time,
  "date-time": dateTime,
  uri,
  iri: uri,
  "uri-reference": uriReference,
  "iri-reference": uriReference,
  "uri-template": uriTemplate,
  semver,
  regex,
};
