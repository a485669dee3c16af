// Checks decodeYaml's fast path (src/render/format/parse.ts) against the
// full decoder: on every YAML file and rendered document of the fixture
// charts, then on generated documents for a while, the two must give the
// same value or error. Also prints how often the fast path applied.
//
//   npm run build && node scripts/check-yaml-fast-path.js [seconds=30]
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeSimpleYaml, decodeYaml, decodeYamlFully, GoMapII } from "../src/render/format/parse.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const seconds = Number(process.argv[2] ?? 30);

function show(v) {
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === "bigint") return `bigint:${String(x)}`;
    if (x instanceof GoMapII) return { map: [...x.entries.values()] };
    if (typeof x === "number" && (!Number.isFinite(x) || Object.is(x, -0))) return `number:${Object.is(x, -0) ? "-0" : String(x)}`;
    return x;
  });
}
function outcome(decode, src) {
  try {
    return `value ${show(decode(src))}`;
  } catch (e) {
    return `error ${e.constructor.name}: ${e.message}`;
  }
}

let checked = 0;
let fast = 0;
function check(src, what) {
  checked++;
  if (decodeSimpleYaml(src) !== undefined) fast++;
  const want = outcome(decodeYamlFully, src);
  const got = outcome(decodeYaml, src);
  if (want !== got) {
    console.log(`DIFFERENT (${what}): ${JSON.stringify(src)}\n  full: ${want}\n  fast: ${got}`);
    process.exit(1);
  }
}

// The fixtures: YAML files as they are and split into documents, and what each chart renders.
const fixtures = join(root, "test", "fixtures");
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
for (const f of walk(fixtures).filter((f) => /\.(ya?ml|tpl|txt)$/.test(f))) {
  const text = readFileSync(f, "utf8");
  check(text, f);
  for (const doc of text.split(/\n---\s*\n/)) check(doc, f);
}
const charts = join(fixtures, "charts");
for (const name of readdirSync(charts)) {
  let out;
  try {
    out = execFileSync(process.execPath, [join(root, "src", "cli", "index.ts"), "template", "rel", join(charts, name)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    continue; // the error fixtures
  }
  for (const doc of out.split(/\n?---\n/)) check(doc.replace(/^# Source:.*\n/, ""), `${name} output`);
}
console.log(`fixtures: ${checked} documents, ${fast} by the fast path`);

// Generated documents: mappings and sequences (indentless, compact, nested,
// misaligned), comments, and scalars the fast path must take or refuse.
const scalars = [
  "yes", "no", "On", "~", "null", "", "1e3", "0x1F", "0o17", "017", "0b101", "1_000", "-1", "+1", "-0", "0.0", "-.5", ".5", ".inf", "-.inf", ".nan",
  "1e400", "9223372036854775808", "18446744073709551616", "2001-12-14", "2001-12-14 21:59:43.10 -5", "12:30:00", "190:20:30", "true", "TRUE", "y", "n",
  "a:b", "a: b", "a #b", "a#b", "x:", ":x", "--x", "-x", "---", "...", "-", "- x", "=", "<<", "~x", "a b", "a  b", "it's", "x,y", "a]", "a[0]",
  "@x", "%x", "`x", "!x", "!!str x", "&a x", "*a", "?x", "|", ">", "|-", "{}", "[]", "[a]", "{a: 1}", "nginx:1.25", "http://x.y/z?q=1&r=2", "$HOME",
  "(x)", "^x", "x=1", "'q''s'", "'q's'", "''", "'a b'", "'#'", "\"\"", "\"dq\"", "\"a#b\"", "\"x\" y", "\"d\\\"q\"", "\"a\\nb\"", "\"\\x41\"", "\"\\u00e9\"",
  "\"\\U0001F600\"", "\"\\q\"", "\"\\/\"", "\"\\N\"", "\"\\L\"", "\"\\ \"", "\"a\\\\\"", "\"a\\\"", "\"\\xZZ\"", "\"\\u12\"", "a\tb", "é", "Überprüfung", "日本 語", "\"—\"", "'ü'", "a\u00a0b", "\u00a0", "x\u2028y", "\ufeffx", "a\u0085b", "\u3000x", "😀", "\"😀\"", "é:", "ä #x",
];
const keys = ["a", "b", "name", "app.kubernetes.io/name", "1", "true", "null", "~", "yes", "0x10", "x-y", "\"q\"", "'s'", "\"a:b\"", "a b", "<<", "-k", "k:", "? k"];
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
function mapping(depth, indent, out) {
  const sp = " ".repeat(indent);
  for (let n = 1 + Math.floor(Math.random() * 3); n > 0; n--) {
    if (Math.random() < 0.05) out.push(`${" ".repeat(Math.floor(Math.random() * 8))}# comment`);
    if (depth < 4 && Math.random() < 0.4) {
      out.push(`${sp}${pick(keys)}:`);
      if (Math.random() < 0.2) sequence(depth + 1, indent, out);
      else block(depth + 1, indent + 1 + Math.floor(Math.random() * 3), out);
    } else {
      out.push(`${sp}${pick(keys)}: ${pick(scalars)}${Math.random() < 0.1 ? "  " : ""}${Math.random() < 0.03 ? " # c" : ""}`);
    }
  }
}
function sequence(depth, indent, out) {
  const sp = " ".repeat(indent);
  for (let n = 1 + Math.floor(Math.random() * 3); n > 0; n--) {
    const r = Math.random();
    if (r < 0.4 || depth > 3) out.push(`${sp}- ${pick(scalars)}`);
    else if (r < 0.75) {
      const gap = Math.random() < 0.2 ? 2 : 1;
      out.push(`${sp}-${" ".repeat(gap)}${pick(keys)}: ${pick(scalars)}`);
      if (Math.random() < 0.6) mapping(depth + 1, indent + 1 + gap + (Math.random() < 0.1 ? 1 : 0), out);
    } else {
      out.push(`${sp}-`);
      block(depth + 1, indent + 1 + Math.floor(Math.random() * 3), out);
    }
  }
}
function block(depth, indent, out) {
  if (Math.random() < 0.3) sequence(depth, indent, out);
  else mapping(depth, indent, out);
}
const before = { checked, fast };
const started = Date.now();
while (Date.now() - started < seconds * 1000) {
  const out = [];
  block(0, 0, out);
  let src = out.join("\n") + (Math.random() < 0.9 ? "\n" : "");
  if (Math.random() < 0.02) src = `---\n${src}`;
  if (Math.random() < 0.02) src = src.replace("\n", "\r\n");
  check(src, "generated");
}
console.log(`generated: ${checked - before.checked} documents, ${fast - before.fast} by the fast path`);
console.log(`${checked} passed, 0 failed`);
