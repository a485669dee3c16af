/**
 * Reading a chart directory into files: Helm's LoadDir walk
 * (pkg/chart/v2/loader/directory.go over internal/sympath): entries in
 * byte order, directory by directory; .helmignore rules (plus the default
 * dotfiles-in-templates rule) applied to files and directories; symbolic
 * links followed, each file named by its path in the chart; BOMs trimmed.
 *
 * bosun's limits on top: a followed link must stay inside the chart
 * directory and must not lead back to a directory being walked (Helm would
 * read outside the chart, or recurse until paths get too long), and the
 * total size and number of files are bounded.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { compareGoStrings, quote } from "../../template/index.ts";
import { ChartLoadError, trimBOM, type Budget, type BufferedFile } from "./archive.ts";
import { IgnoreRules } from "./ignore.ts";

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EISDIR: "is a directory",
};

/** A Node fs error as Go's *PathError prints it: "open /x: no such file or directory". */
export function goPathError(op: string, path: string, e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  return `${op} ${path}: ${ERRNO_TEXT[code] ?? (e as Error).message}`;
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** filepath.EvalSymlinks, with Go's error for a dangling link: "lstat <target>: no such file or directory". */
function evalSymlinks(path: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ELOOP") throw new ChartLoadError(`error evaluating symlink ${path}: EvalSymlinks: too many links`);
    let target = path;
    try {
      // Follow the chain by hand to name the missing target as Go does.
      for (let i = 0; i < 255; i++) {
        const st = lstatSync(target);
        if (!st.isSymbolicLink()) break;
        target = resolve(dirname(target), readlinkSync(target));
      }
    } catch (e2) {
      throw new ChartLoadError(`error evaluating symlink ${path}: ${goPathError("lstat", target, e2)}`);
    }
    throw new ChartLoadError(`error evaluating symlink ${path}: ${goPathError("lstat", target, e)}`);
  }
}

class Walker {
  private readonly topdir: string;
  private readonly realRoot: string;
  private readonly rules: IgnoreRules;
  private readonly budget: Budget;
  readonly files: BufferedFile[] = [];
  /** Real paths of the directories being walked, to refuse links that loop. */
  private readonly stack: string[] = [];

  constructor(topdir: string, realRoot: string, rules: IgnoreRules, budget: Budget) {
    this.topdir = topdir;
    this.realRoot = realRoot;
    this.rules = rules;
    this.budget = budget;
  }

  /** The chart-relative name of a walked path. */
  private rel(path: string): string {
    const prefix = this.topdir + sep;
    return (path.startsWith(prefix) ? path.slice(prefix.length) : path === this.topdir ? "" : path).split(sep).join("/");
  }

  /** symwalk: `real` is the path's real location when it was reached through a link. */
  walk(path: string, st: Stats, real: string | null): void {
    if (st.isSymbolicLink()) {
      const resolved = evalSymlinks(path);
      let info: Stats;
      try {
        info = lstatSync(resolved);
      } catch (e) {
        throw new ChartLoadError(goPathError("lstat", resolved, e));
      }
      this.walk(path, info, resolved);
      return;
    }
    const n = this.rel(path);
    if (n !== "") {
      if (st.isDirectory()) {
        if (this.rules.ignore(n, true)) return;
      } else {
        if (this.rules.ignore(n, false)) return;
        this.readFile(path, n, st, real);
        return;
      }
    }
    if (!st.isDirectory()) return;
    const dirReal = real ?? realpathSync(path);
    if (real !== null) this.checkLink(n, real, true);
    this.stack.push(dirReal);
    let names: string[];
    try {
      names = readdirSync(path).sort(compareGoStrings);
    } catch (e) {
      throw new ChartLoadError(goPathError("open", path, e));
    }
    for (const name of names) {
      const filename = join(path, name);
      let info: Stats;
      try {
        info = lstatSync(filename);
      } catch (e) {
        throw new ChartLoadError(goPathError("lstat", filename, e));
      }
      this.walk(filename, info, real === null ? null : join(real, name));
    }
    this.stack.pop();
  }

  /** bosun: a link must resolve inside the chart, and a linked directory must not contain itself. */
  private checkLink(n: string, real: string, dir: boolean): void {
    let target = real;
    try {
      target = realpathSync(real);
    } catch {
      // Resolved already; keep it.
    }
    if (!isInside(this.realRoot, target)) {
      throw new ChartLoadError(`chart file ${quote(n)} is a symbolic link to ${quote(target)}, outside the chart directory ${quote(this.realRoot)}`);
    }
    if (dir && this.stack.some((d) => isInside(target, d))) {
      throw new ChartLoadError(`chart directory ${quote(n)} is a symbolic link to ${quote(target)}, which contains it (a loop)`);
    }
  }

  private readFile(path: string, n: string, st: Stats, real: string | null): void {
    if (!st.isFile()) throw new ChartLoadError(`cannot load irregular file ${path} as it has file mode type bits set`);
    if (real !== null) this.checkLink(n, real, false);
    const { limits } = this.budget;
    if (st.size > limits.maxFileSize) {
      throw new ChartLoadError(`chart file ${quote(basename(real ?? path))} is larger than the maximum file size ${limits.maxFileSize}`);
    }
    this.budget.countFile(n);
    let data: Uint8Array;
    try {
      data = readFileSync(path);
    } catch (e) {
      throw new ChartLoadError(`error reading ${n}: ${goPathError("open", path, e)}`);
    }
    if (data.length > limits.maxFileSize) {
      throw new ChartLoadError(`chart file ${quote(basename(real ?? path))} is larger than the maximum file size ${limits.maxFileSize}`);
    }
    this.budget.remaining -= data.length;
    if (this.budget.remaining < 0) throw new ChartLoadError(`chart directory is larger than the maximum size ${limits.maxTotalSize}: ${quote(n)}`);
    this.files.push({ name: n, data: trimBOM(new Uint8Array(data.buffer, data.byteOffset, data.length)) });
  }
}

/** The real path of a file in the chart, refusing one that a link takes outside it. */
export function readInside(realRoot: string, path: string, what: string): Uint8Array {
  const real = realpathSync(path);
  if (!isInside(realRoot, real)) throw new ChartLoadError(`chart file ${quote(what)} is a symbolic link to ${quote(real)}, outside the chart directory ${quote(realRoot)}`);
  return readFileSync(real);
}

/** LoadDir's walk: the chart's files (BOM-trimmed), .helmignore applied. Throws ChartLoadError. */
export function loadDirFiles(dir: string, budget: Budget): BufferedFile[] {
  const topdir = resolve(dir);
  const realRoot = realpathSync(topdir);
  let rules = new IgnoreRules();
  const ifile = join(topdir, ".helmignore");
  let hasIgnore: boolean;
  try {
    statSync(ifile);
    hasIgnore = true;
  } catch {
    hasIgnore = false;
  }
  if (hasIgnore) {
    let text: string;
    try {
      text = Buffer.from(readInside(realRoot, ifile, ".helmignore")).toString("utf8");
    } catch (e) {
      if (e instanceof ChartLoadError) throw e;
      throw new ChartLoadError(goPathError("read", ifile, e));
    }
    try {
      rules = IgnoreRules.parse(text);
    } catch (e) {
      throw new ChartLoadError((e as Error).message);
    }
  }
  rules.addDefaults();
  const w = new Walker(topdir, realRoot, rules, budget);
  let st: Stats;
  try {
    st = statSync(topdir);
  } catch (e) {
    throw new ChartLoadError(goPathError("lstat", topdir, e));
  }
  w.walk(topdir, st, null);
  return w.files;
}
