/**
 * .helmignore (helm.sh/helm/v4/pkg/ignore) and the path/filepath.Match it
 * is built on, with Helm's semantics as they are: rules are tried in order
 * and the first match decides; a negated rule (`!x`) ignores everything it
 * does NOT match (and lets the next rules decide for what it matches); `**`
 * is rejected; the default rule ignores dotfiles directly under templates/.
 */
import { decodeRuneAt, goSlice, RUNE_ERROR, toByteString } from "./bytes.ts";

/** path/filepath.ErrBadPattern. */
export class BadPatternError extends Error {
  constructor() {
    super("syntax error in pattern");
  }
}

// ---------------------------------------------------------------------------
// path/filepath.Match (Unix: '/' separator, '\' escapes), on byte strings.

function scanChunk(pattern: string): [star: boolean, chunk: string, rest: string] {
  let star = false;
  while (pattern.length > 0 && pattern[0] === "*") {
    pattern = pattern.slice(1);
    star = true;
  }
  let inrange = false;
  for (let i = 0; i < pattern.length; i++) {
    switch (pattern[i]) {
      case "\\":
        if (i + 1 < pattern.length) i++;
        break;
      case "[":
        inrange = true;
        break;
      case "]":
        inrange = false;
        break;
      case "*":
        if (!inrange) return [star, pattern.slice(0, i), pattern.slice(i)];
        break;
      default:
        break;
    }
  }
  return [star, pattern, ""];
}

function getEsc(chunk: string): [number, string] {
  if (chunk.length === 0 || chunk[0] === "-" || chunk[0] === "]") throw new BadPatternError();
  if (chunk[0] === "\\") {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const [r, n] = decodeRuneAt(chunk, 0);
  const rest = chunk.slice(n);
  if ((r === RUNE_ERROR && n === 1) || rest.length === 0) throw new BadPatternError();
  return [r, rest];
}

/** matchChunk: the rest of s after the chunk, or null; throws BadPatternError. */
function matchChunk(chunk: string, s: string): string | null {
  let failed = false;
  while (chunk.length > 0) {
    failed = failed || s.length === 0;
    const c = chunk[0];
    if (c === "[") {
      let r = 0;
      if (!failed) {
        const [rr, n] = decodeRuneAt(s, 0);
        r = rr;
        s = s.slice(n);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === "^") {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === "]" && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        let lo: number;
        [lo, chunk] = getEsc(chunk);
        let hi = lo;
        if (chunk[0] === "-") [hi, chunk] = getEsc(chunk.slice(1));
        match = match || (lo <= r && r <= hi);
        nrange++;
      }
      failed = failed || match === negated;
    } else if (c === "?") {
      if (!failed) {
        failed = s[0] === "/";
        s = s.slice(decodeRuneAt(s, 0)[1]);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === "\\") {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        failed = chunk[0] !== s[0];
        s = goSlice(s, 1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? null : s;
}

function matchBytes(pattern: string, name: string): boolean {
  outer: while (pattern.length > 0) {
    let star: boolean;
    let chunk: string;
    [star, chunk, pattern] = scanChunk(pattern);
    if (star && chunk === "") return !name.includes("/");
    let err: BadPatternError | null = null;
    let t: string | null = null;
    try {
      t = matchChunk(chunk, name);
    } catch (e) {
      if (!(e instanceof BadPatternError)) throw e;
      err = e;
    }
    if (t !== null && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (err !== null) throw err;
    if (star) {
      for (let i = 0; i < name.length && name[i] !== "/"; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== null) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue outer;
        }
      }
    }
    return false;
  }
  return name.length === 0;
}

/** path/filepath.Match on Unix; throws BadPatternError ("syntax error in pattern"). */
export function filepathMatch(pattern: string, name: string): boolean {
  return matchBytes(toByteString(pattern), toByteString(name));
}

// ---------------------------------------------------------------------------
// pkg/ignore.

interface Pattern {
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

/** strings.TrimSpace (unicode.IsSpace). */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, "").replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, "");
}

/** filepath.Base (Unix). */
function base(p: string): string {
  if (p === "") return ".";
  const t = p.replace(/\/+$/, "");
  if (t === "") return "/";
  return t.slice(t.lastIndexOf("/") + 1);
}

/** Matching that swallows pattern errors as Helm's matchers do (they were checked when parsing). */
function safeMatch(pattern: string, name: string): boolean {
  try {
    return filepathMatch(pattern, name);
  } catch (e) {
    if (e instanceof BadPatternError) return false;
    throw e;
  }
}

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses .helmignore text; throws Error with Helm's message. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    // bufio.Scanner's lines: split at \n, a trailing \r dropped; 64 KiB at most.
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    lines.forEach((raw, i) => {
      let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (i === 0 && line.startsWith("\ufeff")) line = line.slice(1);
      if (Buffer.byteLength(raw, "utf8") + 1 > 64 * 1024) throw new Error("bufio.Scanner: token too long");
      r.parseRule(line);
    });
    return r;
  }

  /** AddDefaults: dotfiles in templates/. */
  addDefaults(): void {
    this.parseRule("templates/.?*");
  }

  private parseRule(rule0: string): void {
    let rule = goTrimSpace(rule0);
    if (rule === "" || rule.startsWith("#")) return;
    if (rule.includes("**")) throw new Error("double-star (**) syntax is not supported");
    filepathMatch(rule, "abc");
    const p: Pattern = { negate: false, mustDir: false, match: () => false };
    if (rule.startsWith("!")) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith("/")) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    const r = rule;
    if (r.startsWith("/")) {
      const anchored = r.slice(1);
      p.match = (n) => safeMatch(anchored, n);
    } else if (r.includes("/")) {
      p.match = (n) => safeMatch(r, n);
    } else {
      p.match = (n) => safeMatch(r, base(n));
    }
    this.patterns.push(p);
  }

  /** Rules.Ignore: whether the path (relative, forward slashes) is ignored. */
  ignore(path: string, isDir: boolean): boolean {
    if (path === "" || path === "." || path === "./") return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
