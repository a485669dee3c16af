#!/usr/bin/env node
/* global URL, Buffer */
// bosun needs Node.js 24 (see package.json "engines"); fail clearly on older ones.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`bosun needs Node.js 24 or newer; this is ${process.version}\n`);
  process.exit(1);
}

// The CLI is one bundled CommonJS file, dist/bosun.cjs (npm run build:
// scripts/build.js). Most of a short command's time would go to compiling
// it, so it is run through node:vm with a V8 code cache taken *after*
// charts were rendered: unlike Node's module compile cache, which is taken
// right after compiling and so holds only top-level code, it holds the
// bytecode of the functions rendering uses. The build writes one
// (dist/bosun.cjs.cache); when it is missing or made for another Node.js,
// other Node.js flags or another build of the bundle, or V8 rejects it,
// `bosun template` writes its own under the user's cache directory, which
// later runs prefer. NODE_DISABLE_COMPILE_CACHE=1 turns the cache off, as
// it does Node's. Built-in modules come from process.getBuiltinModule: an
// `import` of them would build ESM facades, which costs start-up time.
const fs = process.getBuiltinModule("node:fs");
const vm = process.getBuiltinModule("node:vm");
const { createRequire } = process.getBuiltinModule("node:module");
const { fileURLToPath } = process.getBuiltinModule("node:url");
const { dirname, join } = process.getBuiltinModule("node:path");

const bundle = fileURLToPath(new URL("../dist/bosun.cjs", import.meta.url));
const source = fs.readFileSync(bundle, "latin1");
// The build appends "//# bosunBuildId=<hex>" as the bundle's last line (without it: no cache).
const buildId = /\/\/# bosunBuildId=([0-9a-f]+)\s*$/.exec(source.slice(-64))?.[1];
// V8 rejects a cache made with other flags: the header names Node's, so that a
// run with other flags (--cpu-prof, NODE_OPTIONS) neither tries the built
// cache nor leaves a cache that ordinary runs would prefer.
const nodeFlags = JSON.stringify([...process.execArgv, process.env["NODE_OPTIONS"] ?? ""]);
const cacheHeader = `bosun-code-cache ${buildId} ${process.version} ${process.arch} ${nodeFlags}\n`;
const train = process.env["BOSUN_CODE_CACHE_TRAIN"];
const useCache = train === undefined && buildId !== undefined && process.env["NODE_DISABLE_COMPILE_CACHE"] === undefined;

/** The V8 data of a cache file written for this bundle and this Node.js, if there is one. */
function readCache(file) {
  // (A failed read would build an exception: cheaper to look first.)
  if (!fs.existsSync(file)) return undefined;
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const header = bytes.toString("latin1", 0, cacheHeader.length);
  return header === cacheHeader ? bytes.subarray(cacheHeader.length) : undefined;
}

function userCacheFile() {
  const env = process.env;
  const base = env["BOSUN_CACHE_DIR"] ?? join(env["XDG_CACHE_HOME"] ?? join(env["HOME"] ?? process.getBuiltinModule("node:os").homedir(), ".cache"), "bosun");
  return join(base, "code", `bosun-${buildId}.cache`);
}

/** Saves the script's code cache; false when it cannot (a read-only or missing home: runs go on without). */
function writeCache(file, script) {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(cacheHeader, "latin1"), data]));
    fs.renameSync(tmp, file);
    // Caches of earlier builds are of no more use.
    for (const old of fs.readdirSync(dirname(file))) {
      if (/^bosun-[0-9a-f]+\.cache$/.test(old) && join(dirname(file), old) !== file) fs.rmSync(join(dirname(file), old), { force: true });
    }
    return true;
  } catch {
    return false;
  }
}

const builtCacheFile = `${bundle}.cache`;
const cachedData = useCache ? (readCache(userCacheFile()) ?? readCache(builtCacheFile)) : undefined;
// The same wrapper as Node's CommonJS loader (the cache is only valid for the same source text).
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData === undefined ? {} : { cachedData }),
});
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
/** @type {(args: readonly string[], io: { out: (t: string) => void; err: (t: string) => void }) => number | Promise<number>} */
const main = module.exports.main;

/**
 * Writes to stdout or stderr directly: process.stdout and process.stderr
 * build a stream on first use, which takes milliseconds. A full
 * non-blocking pipe hands the rest, and all later output, to the stream; a
 * reader that has gone (`bosun template … | head`) ends the output.
 */
function writer(fd, stream) {
  let streaming = false;
  return (text) => {
    if (streaming) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    for (let off = 0; off < bytes.length; ) {
      try {
        off += fs.writeSync(fd, bytes, off);
      } catch (e) {
        if (e.code === "EAGAIN") {
          streaming = true;
          stream().write(bytes.subarray(off));
          return;
        }
        if (e.code === "EPIPE") return;
        throw e;
      }
    }
  };
}

if (train === undefined) {
  const args = process.argv.slice(2);
  process.exitCode = await main(args, { out: writer(1, () => process.stdout), err: writer(2, () => process.stderr) });
  // No usable cache: leave one for the next `bosun template` (the command whose start-up matters).
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true) && args[0] === "template") {
    writeCache(userCacheFile(), script);
  }
} else {
  // npm run build: run the commands listed in the file (a JSON array of argument
  // arrays) with their output discarded, then save the cache beside the bundle.
  let errors = "";
  const quiet = { out: () => undefined, err: (t) => void (errors += t) };
  for (const args of JSON.parse(fs.readFileSync(train, "utf8"))) {
    if ((await main(args, quiet)) !== 0) throw new Error(`training the code cache: bosun ${args.join(" ")} failed: ${errors}`);
  }
  if (buildId === undefined || !writeCache(builtCacheFile, script)) throw new Error(`cannot write ${builtCacheFile}`);
}
