#!/usr/bin/env node
// bosun needs Node.js 24 (see package.json "engines"); fail clearly on older ones.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`bosun needs Node.js 24 or newer; this is ${process.version}\n`);
  process.exit(1);
}
await import("../dist/cli/index.js");
