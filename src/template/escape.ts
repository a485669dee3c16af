/**
 * text/template's escaping builtins `html`, `js` and `urlquery`, byte for
 * byte as Go 1.26's HTMLEscapeString, JSEscapeString and url.QueryEscape,
 * plus evalArgs, which turns the builtins' arguments into one string.
 */

import { sprintPrintable } from "./fmt.ts";
import { isPrint } from "./strconv.ts";
import { utf8 } from "./value.ts";

const HTML_SPECIAL = /["'&<>\0]/g;
const HTML_REPLACEMENT: Readonly<Record<string, string>> = {
  '"': "&#34;",
  "'": "&#39;",
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\0": "\uFFFD",
};

/** template.HTMLEscapeString: escapes " ' & < > and replaces NUL with U+FFFD. */
export function htmlEscapeString(s: string): string {
  return s.replace(HTML_SPECIAL, (c) => HTML_REPLACEMENT[c] ?? c);
}

// Runes JSEscape touches: quotes, backslash, < > & =, control characters and everything non-ASCII.
// eslint-disable-next-line no-control-regex
const JS_SPECIAL = /[\\'"<>&=\x00-\x1f\u0080-\uffff]/;

function hex4(r: number): string {
  return r.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * template.JSEscapeString: backslash-escapes quotes and backslashes, writes
 * < > & = and control characters as \uXXXX, and non-printable non-ASCII
 * runes as \uXXXX (upper-case hex, at least four digits).
 */
export function jsEscapeString(s: string): string {
  if (!JS_SPECIAL.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    if (r < 0x80) {
      switch (ch) {
        case "\\":
          out += "\\\\";
          break;
        case "'":
          out += "\\'";
          break;
        case '"':
          out += '\\"';
          break;
        case "<":
          out += "\\u003C";
          break;
        case ">":
          out += "\\u003E";
          break;
        case "&":
          out += "\\u0026";
          break;
        case "=":
          out += "\\u003D";
          break;
        default:
          out += r < 0x20 ? `\\u00${r.toString(16).toUpperCase().padStart(2, "0")}` : ch;
      }
    } else if (r >= 0xd800 && r <= 0xdfff) {
      // A lone surrogate: its UTF-8 encoding is U+FFFD, which is printable.
      out += ch;
    } else {
      out += isPrint(r) ? ch : `\\u${hex4(r)}`;
    }
  }
  return out;
}

const QUERY_SAFE = /^[A-Za-z0-9\-._~]*$/;

/** url.QueryEscape: everything but A–Z a–z 0–9 - . _ ~ as %XX of its UTF-8 bytes, and space as '+'. */
export function queryEscape(s: string): string {
  if (QUERY_SAFE.test(s)) return s;
  let out = "";
  for (const c of utf8(s)) {
    if (
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x5f ||
      c === 0x7e
    ) {
      out += String.fromCharCode(c);
    } else if (c === 0x20) {
      out += "+";
    } else {
      out += `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/**
 * text/template's evalArgs: a single string argument as is, otherwise
 * fmt.Sprint of the arguments' printable forms (missing values print as
 * "<no value>", pointers to structs are indirected).
 */
export function evalArgsString(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprintPrintable(args);
}

/** The `html` builtin. */
export function htmlEscaper(args: readonly unknown[]): string {
  return htmlEscapeString(evalArgsString(args));
}

/** The `js` builtin. */
export function jsEscaper(args: readonly unknown[]): string {
  return jsEscapeString(evalArgsString(args));
}

/** The `urlquery` builtin. */
export function urlQueryEscaper(args: readonly unknown[]): string {
  return queryEscape(evalArgsString(args));
}
