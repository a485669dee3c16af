// npm run build (after tsc): bundles the command for bin/bosun.js.
//
//  - dist/bosun.cjs: src/cli/main.ts and everything it imports but the
//    controller, one CommonJS file that exports `main`; bin/bosun.js runs it
//    through node:vm. Its last line names the build ("//# bosunBuildId=…", a
//    hash of the contents).
//  - dist/bosun.cjs.cache: a V8 code cache of it taken after rendering a
//    few fixture charts (when test/fixtures/charts is there), so `bosun
//    template` starts without compiling the functions rendering uses.
//  - dist/undici.cjs: undici, which only an OCI pull with a CA bundle needs
//    (1.4 MB that every start would otherwise read).
//  - dist/run.mjs: `bosun run` (src/cli/run.ts: the controller and its
//    dependencies), an ES module loaded only by that command.
//
//   node scripts/build.js [--no-cache]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const cli = join(dist, "bosun.cjs");
const runEntry = join(root, "src", "cli", "run.ts");
const common = { bundle: true, platform: "node", target: "node24", logLevel: "warning" };

// Left by earlier builds: the single ESM bundle, and a cache of another bundle.
for (const f of ["bosun.mjs", "bosun.cjs.cache"]) rmSync(join(dist, f), { force: true });

// Whitespace and syntax minified (names kept, for stack traces): a smaller
// file is read, and its lazily compiled functions are scanned, faster.
const minify = { minifyWhitespace: true, minifySyntax: true };

await build({
  ...common,
  ...minify,
  entryPoints: [join(root, "src", "cli", "main.ts")],
  outfile: cli,
  format: "cjs",
  // bin/bosun.js runs the bundle as a plain script (node:vm), where import()
  // is not available: dynamic imports become require() calls.
  supported: { "dynamic-import": false },
  // import.meta of the sources, for a CommonJS file. The banner starts with
  // the directive: the sources are ES modules, which are strict.
  define: { "import.meta.url": "__bosunImportMetaUrl" },
  banner: { js: '"use strict";\nvar __bosunImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [
    {
      // The controller is a bundle of its own, required by `bosun run` only.
      name: "bosun-run-apart",
      setup(b) {
        b.onResolve({ filter: /^\.\/run\.ts$/ }, (args) => (join(args.resolveDir, args.path) === runEntry ? { path: "./run.mjs", external: true } : undefined));
      },
    },
    {
      // undici (imported by src/source/http.ts only): a bundle of its own.
      name: "bosun-undici-apart",
      setup(b) {
        b.onResolve({ filter: /^undici$/ }, () => ({ path: "./undici.cjs", external: true }));
      },
    },
    {
      // Packages only some charts need are loaded on first use: a stand-in
      // module exports a proxy per import that requires the package when it
      // is first constructed, called or read. (An import that is not listed
      // here fails the build.) For each package: export name → what of the
      // package it stands for ("" is the package's exports themselves).
      name: "bosun-lazy-packages",
      setup(b) {
        const lazy = {
          "fflate/browser": { Gunzip: "Gunzip" }, // .tgz charts
          ajv: { Ajv: "Ajv" }, // values.schema.json
          "ajv/dist/2019.js": { Ajv2019: "Ajv2019" },
          "ajv/dist/2020.js": { Ajv2020: "Ajv2020" },
          "ajv-draft-04": { default: "" },
          bcryptjs: { default: "default" }, // bcrypt, htpasswd (bcryptjs loads node:crypto)
          "smol-toml": { parse: "parse", TomlDate: "TomlDate", TomlError: "TomlError" }, // fromToml
          // YAML documents beyond the simple ones decodeYaml reads itself.
          yaml: { Alias: "Alias", isAlias: "isAlias", isMap: "isMap", isScalar: "isScalar", isSeq: "isSeq", parseAllDocuments: "parseAllDocuments", Scalar: "Scalar" },
        };
        b.onResolve({ filter: /^[a-z@]/ }, async (args) => {
          if (!Object.hasOwn(lazy, args.path) || args.pluginData === "real") return undefined;
          const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "real" });
          if (real.errors.length > 0) return { errors: real.errors };
          return { path: real.path, namespace: "bosun-lazy", pluginData: args.path };
        });
        b.onLoad({ filter: /.*/, namespace: "bosun-lazy" }, (args) => {
          const exports = Object.entries(lazy[args.pluginData]).map(([name, member]) => {
            const get = `() => load()${member === "" ? "" : `[${JSON.stringify(member)}]`}`;
            return `${name === "default" ? "export default" : `export const ${name} =`} standIn(${get});`;
          });
          return {
            contents: `let m;
const load = () => (m ??= require(${JSON.stringify(args.path)}));
const standIn = (get) => new Proxy(function () {}, {
  construct: (_, args) => Reflect.construct(get(), args),
  apply: (_, self, args) => Reflect.apply(get(), self, args),
  get: (_, key) => get()[key],
  has: (_, key) => key in get(),
});
${exports.join("\n")}
`,
            loader: "js",
            resolveDir: dirname(args.path),
          };
        });
      },
    },
  ],
});
await build({ ...common, ...minify, entryPoints: [createRequire(import.meta.url).resolve("undici")], outfile: join(dist, "undici.cjs"), format: "cjs" });
const code = readFileSync(cli, "latin1");
writeFileSync(cli, `${code}//# bosunBuildId=${createHash("sha256").update(code).digest("hex").slice(0, 16)}\n`, "latin1");

if (!process.argv.includes("--no-cache")) {
  // Train the code cache on `bosun template` of charts that use what most
  // charts use: sub-charts and globals, hooks, include/tpl/toYaml and the
  // common Sprig functions. The cache is read whole by every start, so
  // training on every fixture (date, crypto, semver, regex, schema
  // functions…) makes it twice as large and the average start slower
  // (measured on the fixtures); functions outside it compile on first use.
  const charts = join(root, "test", "fixtures", "charts");
  const runs = [["--help"], ["version"], ["template", "--help"]];
  for (const name of ["hello", "load-subcharts", "render-hooks", "values-globals", "funcs-helm"]) {
    if (existsSync(join(charts, name))) runs.push(["template", "rel", join(charts, name)]);
  }
  const tmp = mkdtempSync(join(tmpdir(), "bosun-build-"));
  try {
    const list = join(tmp, "train.json");
    writeFileSync(list, JSON.stringify(runs));
    // Without NODE_OPTIONS: the cache is for runs with Node's default flags.
    const env = { ...process.env, BOSUN_CODE_CACHE_TRAIN: list };
    delete env["NODE_OPTIONS"];
    const r = spawnSync(process.execPath, [join(root, "bin", "bosun.js")], { env, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`training the code cache failed (exit ${r.status ?? r.signal})`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// `bosun run`: an ES module as the whole CLI was before, with a require for the CommonJS dependencies.
await build({
  ...common,
  entryPoints: [runEntry],
  outfile: join(dist, "run.mjs"),
  format: "esm",
  banner: { js: "import { createRequire as __bosunRequire } from 'node:module'; const require = __bosunRequire(import.meta.url);" },
});
