#!/usr/bin/env node
// bosun needs Node.js 24 (see package.json "engines"); fail clearly on older ones.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`bosun needs Node.js 24 or newer; this is ${process.version}\n`);
  process.exit(1);
}
// The CLI is one bundled module (npm run build); V8's compile cache makes
// every start after the first skip compiling it.
const { enableCompileCache } = await import("node:module");
enableCompileCache();
await import("../dist/bosun.mjs");
