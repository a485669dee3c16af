/**
 * The loader test cases, shared by the tests and by oracle/gen.ts (which
 * writes them to disk for the Go oracle, Helm 4.1.4's own loader): chart
 * directories and archives, glob and .helmignore tables, `.Files`
 * templates and values files. expected.json holds what Helm made of each.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LoadLimits } from "../../../../src/render/chart/index.ts";
import { chartTgz, tar, tgz } from "./tarball.ts";
import { gzipSync } from "node:zlib";

export type DirEntry = string | Uint8Array | { symlink: string } | { fifo: true } | { dir: true };

export interface ChartCase {
  name: string;
  /** Files of a case directory (for directory charts, or around them). */
  dir?: Record<string, DirEntry>;
  /** The bytes of an archive case (written as chart.tgz, or as `path`). */
  tgz?: Uint8Array;
  /** The chart's path inside the case directory (default: the case directory, or chart.tgz). */
  path?: string;
  /** Where bosun deliberately differs from Helm: the reason, and bosun's error (for the file path and for the bytes). */
  bosun?: { reason: string; error: string; archiveError?: string };
  /** Not run by the oracle (Helm would not terminate or fail in a way worth recording). */
  oracleSkip?: boolean;
  /** Limits bosun loads the case with (Helm's own where a case is about them: 5 MiB per file). */
  limits?: Partial<LoadLimits>;
}

const HELM_LIMITS: Partial<LoadLimits> = { maxFileSize: 5 * 1024 * 1024 };

const CHART = "apiVersion: v2\nname: c\nversion: 1.0.0\n";
const enc = new TextEncoder();

/** A chart with one template and the given extra files. */
function chart(extra: Record<string, DirEntry> = {}, chartYaml = CHART): Record<string, DirEntry> {
  return { "Chart.yaml": chartYaml, "templates/t.yaml": "x: 1\n", ...extra };
}

const FULL_CHART_YAML = `apiVersion: v2
name: full
version: 1.2.3-rc.1+build.5
appVersion: 1.0
kubeVersion: ">=1.20.0-0"
description: "A\\tchart\\u0001 with\\ncontrol characters\\u200b"
type: application
home: https://example.com
icon: https://example.com/icon.png
deprecated: yes
sources: [https://github.com/x/y, ~]
keywords: [one, 2, true, 1.50]
maintainers:
  - name: Jane
    email: jane@example.com
  - name: "Bob\\u00a0B"
    url: https://bob.example.com
annotations:
  category: Database
  number: 1
  flag: true
  empty: ~
  1: one
dependencies:
  - name: sub
    version: 1.0.0
    repository: file://charts/sub
    condition: sub.enabled
    tags: [front, 2]
    import-values:
      - data
      - child: exports.x
        parent: x
  - name: packed
    version: "~1.0"
    repository: https://charts.example.com
    alias: pk
    enabled: true
unknownField: ignored
`;

const PACKED = chartTgz("packed", {
  "Chart.yaml": "apiVersion: v2\nname: packed\nversion: 1.0.0\n",
  "values.yaml": "p: 1\n",
  "templates/p.yaml": "p: {{ .Values.p }}\n",
  "templates/.dot.yaml": "archives keep dotfiles\n",
  ".helmignore": "*.txt\n",
  "kept.txt": "not ignored in an archive\n",
  "empty.txt": "",
  "charts/inner-0.1.0.tgz": chartTgz("inner", { "Chart.yaml": "apiVersion: v1\nname: inner\nversion: 0.1.0\n", "values.yaml": "i: true\n" }),
});

function big(n: number): Uint8Array {
  return new Uint8Array(n).fill(0x61);
}

const MiB = 1024 * 1024;

export const CHART_CASES: ChartCase[] = [
  {
    name: "dir-full",
    dir: {
      "Chart.yaml": FULL_CHART_YAML,
      "values.yaml": "a: 1\nm: {x: 1, y: {p: 1}}\nbig: 12345678901234567890\n---\nb: two\nm: {y: {q: 2}}\n--- # a comment\n\n---\nc: [1, 2.5, true, null, 0x10, 1e3]\nd: 2001-01-01\ne: yes\n",
      "values.schema.json": '{"type": "object"}\n',
      "Chart.lock": "dependencies:\n- name: sub\n  version: 1.0.0\n  repository: file://charts/sub\ndigest: sha256:abc\ngenerated: \"2024-01-02T03:04:05Z\"\n",
      "templates/deploy.yaml": "kind: Deployment\n",
      "templates/_helpers.tpl": '{{ define "x" }}x{{ end }}\n',
      "templates/NOTES.txt": "notes\n",
      "templates/sub/x.yaml": "sub: 1\n",
      "templates/.hidden.yaml": "ignored by the default rule\n",
      "templates/.dotdir/x.yaml": "ignored with its directory\n",
      "templates/sub/.dot.yaml": "not ignored: the default rule is templates/.?* only\n",
      "crds/crd.yaml": "kind: CustomResourceDefinition\n",
      "README.md": "# readme\n",
      "files/a.txt": "alpha\n",
      "files/b/c.txt": "gamma\n",
      "files/empty.txt": "",
      "files/bom.txt": "\ufeffhello",
      "files/top-only.txt": "kept: the rule is anchored\n",
      "files/q.tmp": "ignored\n",
      "files/sub/q.tmp": "kept: files/*.tmp does not reach here\n",
      "x.bak": "ignored\n",
      "files/y.bak": "ignored\n",
      "top-only.txt": "ignored\n",
      "ignored-dir/z.txt": "ignored\n",
      ".helmignore": "# comment\n\n  *.bak  \n/top-only.txt\nignored-dir/\nfiles/*.tmp\n",
      "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
      "charts/sub/values.yaml": "s: 1\n",
      "charts/sub/templates/a.yaml": "a: 1\n",
      "charts/sub/templates/.dot.yaml": "subchart dotfiles are kept\n",
      "charts/sub/x.bak": "ignored: the top .helmignore applies in subcharts\n",
      "charts/sub/charts/subsub/Chart.yaml": "name: subsub\nversion: 0.0.1\n",
      "charts/packed-1.0.0.tgz": PACKED,
      "charts/packed-1.0.0.tgz.prov": "provenance\n",
      "charts/_skip/Chart.yaml": "not a chart: skipped\n",
      "charts/.skip": "skipped\n",
    },
  },
  {
    name: "dir-v1-requirements",
    dir: chart({
      "requirements.yaml": "dependencies:\n- name: b\n  condition: b.on\nannotations: {y: two}\n",
      "requirements.lock": "dependencies: [{name: b, version: 2.0.0, repository: r}]\ndigest: d\n",
    }, "apiVersion: v1\nname: c\nversion: 1.0.0\ndependencies:\n- name: a\n  version: 1.0.0\n  repository: https://a\n  tags: [t1, t2]\n- name: z\nannotations: {x: one}\n"),
  },
  {
    name: "dir-v2-requirements",
    dir: chart({ "requirements.yaml": "dependencies:\n- name: b\n", "requirements.lock": "digest: d\n", "Chart.lock": "digest: chartlock\n" }),
  },
  { name: "dir-no-apiversion", dir: chart({}, "name: c\nversion: 1.0.0\n") },
  {
    name: "dir-v3",
    dir: chart({ "requirements.yaml": "dependencies:\n- name: b\n", "charts/s/Chart.yaml": "name: s\nversion: 1.0.0\n" }, "apiVersion: v3\nname: c\nversion: 1.0.0\n"),
  },
  { name: "dir-bom", dir: chart({ "values.yaml": "\ufeffa: 1\n" }, `\ufeff${CHART}`) },
  { name: "dir-crlf", dir: chart({ "values.yaml": "a: 1\r\nb:\r\n  c: 2\r\n---\r\nd: 3\r\n" }, CHART.replaceAll("\n", "\r\n")) },
  {
    name: "dir-coerce",
    dir: chart(
      {},
      "apiVersion: v2\nNAME: ignored\nname: 123\nversion: 1.10\nappVersion: 1.123456789\nkubeVersion: 0x10\ndescription: 1e3\ncondition: 18446744073709551615\ntags: false\nDeprecated: true\nkeywords: [1, true, 1.5, null]\n",
    ),
  },
  { name: "dir-top-inf", dir: chart({}, `${CHART}home: .inf\n`) },
  { name: "charts-sub-inf", dir: chart({ "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\nhome: .inf\nicon: -.inf\ndescription: .nan\n" }) },
  { name: "dir-fold-last", dir: chart({}, "apiVersion: v2\nname: lower\nNAME: upper\nversion: 1.0.0\n") },
  // Validation.
  { name: "val-no-name", dir: chart({}, "apiVersion: v2\nversion: 1.0.0\n") },
  { name: "val-no-version", dir: chart({}, "apiVersion: v2\nname: c\n") },
  { name: "val-bad-version", dir: chart({}, "apiVersion: v2\nname: c\nversion: one\n") },
  { name: "val-v-version", dir: chart({}, "apiVersion: v2\nname: c\nversion: v1.2\n") },
  { name: "val-name-dot", dir: chart({}, "apiVersion: v2\nname: .\nversion: 1.0.0\n") },
  { name: "val-name-dotdot", dir: chart({}, "apiVersion: v2\nname: ..\nversion: 1.0.0\n") },
  { name: "val-name-slash", dir: chart({}, "apiVersion: v2\nname: a/b\nversion: 1.0.0\n") },
  { name: "val-name-trailing-slash", dir: chart({}, "apiVersion: v2\nname: a/\nversion: 1.0.0\n") },
  { name: "val-name-sanitized", dir: chart({}, 'apiVersion: v2\nname: "c\\u200b\\t"\nversion: 1.0.0\n') },
  { name: "val-type", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ntype: service\n") },
  { name: "val-type-library", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ntype: library\n") },
  { name: "val-maintainer-null", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers:\n- name: a\n-\n") },
  { name: "val-dependency-null", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [~]\n") },
  { name: "val-alias", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: x, alias: a.b}]\n") },
  { name: "val-duplicate-dependency", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a}, {name: b, alias: a}]\n") },
  { name: "val-unsupported-apiversion", dir: chart({}, "apiVersion: v9\nname: c\nversion: 1.0.0\n") },
  { name: "val-empty-chartyaml", dir: chart({}, "") },
  // Chart.yaml that does not decode.
  { name: "yaml-syntax", dir: chart({}, "apiVersion: v2\nname: [c\n") },
  { name: "yaml-list", dir: chart({}, "- a\n") },
  { name: "yaml-apiversion-list", dir: chart({}, "apiVersion: [v2]\nname: c\n") },
  { name: "yaml-name-list", dir: chart({}, "apiVersion: v2\nname: [c]\nversion: 1.0.0\n") },
  { name: "yaml-deprecated-string", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndeprecated: 'yes'\n") },
  { name: "yaml-maintainer-number", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers: [5]\n") },
  { name: "yaml-annotation-list", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\nannotations: {a: [1]}\n") },
  { name: "yaml-dependency-tags", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a, tags: t}]\n") },
  { name: "yaml-first-error", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\nsources: x\nkeywords: y\n") },
  { name: "yaml-inf", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a, import-values: [.inf]}]\n") },
  { name: "yaml-bad-key", dir: chart({}, "apiVersion: v2\nname: c\nversion: 1.0.0\n[a]: b\n") },
  { name: "lock-time", dir: chart({ "Chart.lock": "generated: yesterday\n" }) },
  { name: "lock-syntax", dir: chart({ "Chart.lock": "digest: [a\n" }) },
  { name: "requirements-error", dir: chart({ "requirements.yaml": "dependencies: 5\n" }) },
  // values.yaml
  { name: "values-bad-separator", dir: chart({ "values.yaml": "a: 1\n--- b: 2\n" }) },
  { name: "values-dashes", dir: chart({ "values.yaml": "a: 1\n----\n" }) },
  { name: "values-list", dir: chart({ "values.yaml": "a: 1\n---\n- 1\n" }) },
  { name: "values-syntax", dir: chart({ "values.yaml": "a: [b\n" }) },
  { name: "values-empty-docs", dir: chart({ "values.yaml": "---\n---\n# only a comment\n---\n" }) },
  { name: "values-leading-separators", dir: chart({ "values.yaml": "---\n---\na: 1\n---\na: 2\nb: {c: 1}\n---\nb: 3\n" }) },
  // charts/
  { name: "charts-readme", dir: chart({ "charts/README.md": "not a chart\n" }) },
  { name: "charts-targz", dir: chart({ "charts/sub-1.0.0.tar.gz": chartTgz("sub", { "Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n" }) }) },
  { name: "charts-tgz-directory", dir: chart({ "charts/sub.tgz/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n" }) },
  { name: "charts-bad-tgz", dir: chart({ "charts/bad.tgz": "not gzip at all\n" }) },
  { name: "charts-sub-invalid", dir: chart({ "charts/s/Chart.yaml": "apiVersion: v2\nname: s\n" }) },
  { name: "charts-sub-no-chartyaml", dir: chart({ "charts/s/values.yaml": "a: 1\n" }) },
  { name: "charts-sub-requirements-only", dir: chart({ "charts/s/requirements.yaml": "dependencies: []\n" }) },
  { name: "charts-sub-values-error", dir: chart({ "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n", "charts/s/values.yaml": "- 1\n" }) },
  { name: "charts-nested-error", dir: chart({ "charts/s/Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n", "charts/s/charts/t/Chart.yaml": "name: t\n" }) },
  // .helmignore
  { name: "ignore-negate", dir: chart({ ".helmignore": "*.txt\n!keep.txt\n", "keep.txt": "k\n", "drop.txt": "d\n" }) },
  { name: "ignore-negate-only", dir: chart({ ".helmignore": "!*\n", "keep.txt": "k\n" }) },
  { name: "ignore-double-star", dir: chart({ ".helmignore": "files/**\n" }) },
  { name: "ignore-bad-pattern", dir: chart({ ".helmignore": "a[\n" }) },
  { name: "ignore-chartyaml", dir: chart({ ".helmignore": "Chart.yaml\n" }) },
  { name: "ignore-templates-dir", dir: chart({ ".helmignore": "templates/\nvalues.yaml/\n", "values.yaml": "a: 1\n" }) },
  { name: "ignore-itself", dir: chart({ ".helmignore": ".helmignore\n# keeps the rest\n", "a.txt": "a\n" }) },
  { name: "ignore-bom-crlf", dir: chart({ ".helmignore": "\ufeffa.txt\r\nb.txt\r\n", "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" }) },
  { name: "no-chartyaml", dir: { "values.yaml": "a: 1\n" } },
  // Links and special files.
  { name: "symlink-file", dir: chart({ "files/real.yaml": "real\n", "templates/link.yaml": { symlink: "../files/real.yaml" } }) },
  { name: "symlink-dir", dir: chart({ "other/a.txt": "a\n", "other/b/c.txt": "c\n", "files/linked": { symlink: "../other" } }) },
  { name: "symlink-chart", dir: { "real/Chart.yaml": CHART, "real/templates/t.yaml": "x: 1\n", link: { symlink: "real" } }, path: "link" },
  { name: "symlink-broken", dir: chart({ "templates/x.yaml": { symlink: "missing.yaml" } }) },
  { name: "symlink-broken-ignored", dir: chart({ ".helmignore": "x.yaml\n", "templates/x.yaml": { symlink: "missing.yaml" } }) },
  {
    name: "symlink-outside",
    dir: { "chart/Chart.yaml": CHART, "chart/files/secret": { symlink: "../../outside/secret" }, "outside/secret": "s3cret\n" },
    path: "chart",
    bosun: { reason: "a link out of the chart directory", error: 'chart file "files/secret" is a symbolic link to "<ROOT>/symlink-outside/outside/secret", outside the chart directory "<ROOT>/symlink-outside/chart"' },
  },
  {
    name: "symlink-outside-ignored",
    dir: { "chart/Chart.yaml": CHART, "chart/.helmignore": "files/\n", "chart/files": { symlink: "../outside" }, "outside/secret": "s3cret\n" },
    path: "chart",
  },
  {
    name: "symlink-loop",
    dir: chart({ "files/loop": { symlink: ".." } }),
    bosun: { reason: "a directory link back to an ancestor (Helm recurses until paths are too long)", error: 'chart directory "files/loop" is a symbolic link to "<ROOT>/symlink-loop", which contains it (a loop)' },
    oracleSkip: true,
  },
  { name: "fifo", dir: chart({ "files/pipe": { fifo: true } }) },
  { name: "fifo-ignored", dir: chart({ ".helmignore": "pipe\n", "files/pipe": { fifo: true } }) },
  { name: "big-file", dir: chart({ "files/big": big(5 * MiB + 1) }), limits: HELM_LIMITS },
  { name: "big-file-ok", dir: chart({ "files/big": big(5 * MiB) }), limits: HELM_LIMITS },
  // Archives.
  {
    name: "tgz-full",
    tgz: tgz([
      { name: "pax_global_header", type: "g", data: "52 comment=ffffffffffffffffffffffffffffffffffffffff\n" },
      { name: "c/" },
      { name: "c/Chart.yaml", data: `\ufeff${CHART}` },
      { name: "c/values.yaml", data: "a: 1\n---\nb: 2\n" },
      { name: "c/templates/" },
      { name: "c/templates/t.yaml", data: "x: 1\n" },
      { name: "c/templates/.dot.yaml", data: "kept in archives\n" },
      { name: "c/.helmignore", data: "*.txt\n" },
      { name: "c/a.txt", data: "not ignored in archives\n" },
      { name: "c/empty.txt", data: "" },
      { name: "c/bom.txt", data: "\ufeff" },
      { name: "c/charts/packed-1.0.0.tgz", data: PACKED },
      { name: "c/charts/sub/Chart.yaml", data: "apiVersion: v2\nname: sub\nversion: 1.0.0\n" },
    ]),
  },
  {
    name: "tgz-windows",
    tgz: tgz([
      { name: "c\\Chart.yaml", data: CHART },
      { name: "c\\templates\\t.yaml", data: "x: 1\n" },
      { name: "c/odd\\mixed.txt", data: "split at the backslash\n" },
    ]),
  },
  { name: "tgz-absolute", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c//etc/passwd", data: "x" }]) },
  {
    name: "tgz-absolute-top",
    tgz: tgz([{ name: "/Chart.yaml", data: CHART }, { name: "/templates/t.yaml", data: "x: 1\n" }]),
    bosun: { reason: "absolute names, which Helm strips as if the top directory were empty", error: 'unable to load chart archive: chart illegally contains absolute paths: "/Chart.yaml"' },
  },
  { name: "tgz-parent", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/../x", data: "x" }]) },
  { name: "tgz-parent-top", tgz: tgz([{ name: "../Chart.yaml", data: CHART }]), bosun: { reason: "`..` in a name, even as the stripped top directory", error: 'unable to load chart archive: chart illegally references parent directory: "../Chart.yaml"' } },
  {
    name: "tgz-parent-inside",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/templates/../values.yaml", data: "a: 1\n" }]),
    bosun: { reason: "`..` in a name, even where it stays inside the chart", error: 'unable to load chart archive: chart illegally references parent directory: "c/templates/../values.yaml"' },
  },
  { name: "tgz-outside", tgz: tgz([{ name: "c", data: CHART }]) },
  { name: "tgz-chartyaml-top", tgz: tgz([{ name: "Chart.yaml/x", data: CHART }]) },
  { name: "tgz-drive", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/c:/x", data: "x" }]) },
  {
    name: "tgz-symlink",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/templates/x.yaml", type: "2", linkname: "/etc/passwd" }]),
    bosun: { reason: "symbolic links (Helm reads them as empty files)", error: 'unable to load chart archive: chart file "c/templates/x.yaml" is a symbolic link, which charts may not contain' },
  },
  {
    name: "tgz-hardlink",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/x", type: "1", linkname: "c/Chart.yaml" }]),
    bosun: { reason: "hard links (Helm reads them as empty files)", error: 'unable to load chart archive: chart file "c/x" is a hard link, which charts may not contain' },
  },
  {
    name: "tgz-chardev",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/dev", type: "3" }]),
    bosun: { reason: "device entries (Helm reads them as empty files)", error: 'unable to load chart archive: chart file "c/dev" is a character device, which charts may not contain' },
  },
  {
    name: "tgz-blockdev",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/dev", type: "4" }]),
    bosun: { reason: "device entries (Helm reads them as empty files)", error: 'unable to load chart archive: chart file "c/dev" is a block device, which charts may not contain' },
  },
  {
    name: "tgz-fifo",
    tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/pipe", type: "6" }]),
    bosun: { reason: "FIFO entries (Helm reads them as empty files)", error: 'unable to load chart archive: chart file "c/pipe" is a FIFO, which charts may not contain' },
  },
  { name: "tgz-huge-header", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/huge", size: 200 * MiB }], { end: false }) },
  { name: "tgz-big-file", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/big", data: big(5 * MiB + 1) }]), limits: HELM_LIMITS },
  { name: "tgz-empty", tgz: tgz([]) },
  { name: "tgz-only-dirs", tgz: tgz([{ name: "c/" }, { name: "c/templates/" }]) },
  { name: "tgz-not-gzip", tgz: enc.encode("apiVersion: v2\nname: c\n") },
  { name: "tgz-yaml-name", tgz: enc.encode("apiVersion: v2\nname: c\n"), path: "values.yaml" },
  { name: "tgz-binary", tgz: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) },
  { name: "tgz-truncated-gzip", tgz: chartTgz("c", { "Chart.yaml": CHART, "templates/t.yaml": "x".repeat(5000) }).subarray(0, 60) },
  { name: "tgz-truncated-tar", tgz: new Uint8Array(gzipSync(tar([{ name: "c/Chart.yaml", data: CHART }, { name: "c/x", data: "x".repeat(2000) }], { end: false }).subarray(0, 2048))) },
  { name: "tgz-no-end-marker", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/templates/t.yaml", data: "x: 1\n" }], { end: false }) },
  { name: "tgz-bad-checksum", tgz: tgz([{ name: "c/Chart.yaml", data: CHART }, { name: "c/x", data: "x", badChecksum: true }]) },
  {
    name: "tgz-long-names",
    tgz: tgz([
      { name: "c/Chart.yaml", data: CHART },
      { name: `c/templates/${"p".repeat(60)}/${"q".repeat(60)}.yaml`, data: "ustar prefix\n" },
      { name: "c/short", data: "pax path\n", pax: { path: `c/files/${"r".repeat(150)}.txt` } },
      { name: `c/files/${"s".repeat(120)}.txt`, data: "gnu long name\n", gnuLongName: true },
      { name: "c/sized", data: "12345", size: 0, pax: { size: "5" } },
    ]),
  },
  { name: "tgz-no-chartyaml", tgz: chartTgz("c", { "values.yaml": "a: 1\n" }) },
  {
    name: "tgz-nested-malicious",
    tgz: chartTgz("c", { "Chart.yaml": CHART, "charts/evil.tgz": tgz([{ name: "e/Chart.yaml", data: "apiVersion: v2\nname: e\nversion: 1.0.0\n" }, { name: "e/../../x", data: "x" }]) }),
  },
  { name: "tgz-two-tops", tgz: tgz([{ name: "a/Chart.yaml", data: CHART }, { name: "b/templates/t.yaml", data: "x: 1\n" }]) },
  { name: "tgz-v3", tgz: chartTgz("c", { "Chart.yaml": "apiVersion: v3\nname: c\nversion: 1.0.0\n", "requirements.lock": "digest: x\n" }) },
  {
    name: "tgz-typeflags",
    tgz: tgz([
      { name: "c/Chart.yaml", data: CHART, type: "\0" },
      { name: "c/templates/", type: "\0" },
      { name: "c/dirbits", type: "0", mode: 0o40755 },
      { name: "c/contiguous", type: "7", data: "contiguous file\n" },
    ]),
  },
  { name: "tgz-trailing-garbage", tgz: new Uint8Array([...chartTgz("c", { "Chart.yaml": CHART }), ...enc.encode("garbage after the archive")]) },
  {
    name: "tgz-multimember",
    tgz: new Uint8Array([
      ...gzipSync(tar([{ name: "c/Chart.yaml", data: CHART }], { end: false })),
      ...gzipSync(tar([{ name: "c/templates/t.yaml", data: "second gzip member\n" }])),
    ]),
  },
  { name: "tgz-dot-prefix", tgz: tgz([{ name: "./" }, { name: "./Chart.yaml", data: CHART }, { name: "./templates/t.yaml", data: "x: 1\n" }]) },
  { name: "tgz-gzip-name", tgz: new Uint8Array(gzipSync(tar([{ name: "c/Chart.yaml", data: CHART }]))).map((b, i) => (i === 3 ? 0 : b)) },
  { name: "tgz-bad-pax", tgz: tgz([{ name: "c/Chart.yaml", data: CHART, pax: { size: "x" } }]) },
];

/** Writes a case's directory (or archive) under `root/<name>`. */
export function materialize(root: string, c: ChartCase): void {
  const dir = join(root, c.name);
  mkdirSync(dir, { recursive: true });
  if (c.tgz !== undefined) {
    writeFileSync(join(dir, c.path ?? "chart.tgz"), c.tgz);
    return;
  }
  for (const [name, entry] of Object.entries(c.dir ?? {})) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    if (typeof entry === "string" || entry instanceof Uint8Array) writeFileSync(p, entry);
    else if ("symlink" in entry) symlinkSync(entry.symlink, p);
    else if ("fifo" in entry) execFileSync("mkfifo", [p]);
    else mkdirSync(p, { recursive: true });
  }
}

/** The chart's path in a materialized case. */
export function chartPath(root: string, c: ChartCase): string {
  return join(root, c.name, c.path ?? (c.tgz !== undefined ? "chart.tgz" : ""));
}

// ---------------------------------------------------------------------------
// Globs (gobwas/glob with '/' as separator).

const GLOB_NAMES = [
  "a",
  "b",
  "ab",
  "abc",
  "a.txt",
  "b.txt",
  "a.yaml",
  "a/b",
  "a/b/c",
  "a/b.txt",
  "a/bc.txt",
  "a/b/c.txt",
  "config/app.yaml",
  "config/app.yml",
  "config/nested/db.yaml",
  "files/a.txt",
  "files/.hidden",
  "files/b/c.txt",
  "start",
  "stagnation",
  "startart",
  ".helmignore",
  "README.md",
  "crds/x.yaml",
  "é/ü.txt",
  "{a,b}",
  "[x]",
  "a*b",
  "a?",
  "",
];

const GLOB_PATTERNS = [
  "*",
  "**",
  "*.txt",
  "**.txt",
  "**/*.txt",
  "a/*",
  "a/**",
  "a/*/*",
  "*/*.txt",
  "?",
  "??",
  "a?",
  "a/?",
  "[ab]",
  "[!a]",
  "[a-c]*",
  "[!a-c]*",
  "{a,b}",
  "{a,b}.txt",
  "{config,files}/**",
  "config/*.{yaml,yml}",
  "config/**.yaml",
  "files/*",
  "files/**",
  "start*art",
  "sta?n*",
  "{a,}{a,}a",
  "{*.txt,a/*}",
  "\\*",
  "a\\*b",
  "a\\?",
  "\\{a,b}",
  "\\[x]",
  "[",
  "[a",
  "[a-",
  "[]",
  "[!]",
  "[z-a]",
  "{a",
  "a}",
  "{,}",
  "a{,}",
  "{a,b",
  "é/*",
  "*/ü.txt",
  "[é]/*",
  "*.md",
  "README*",
  "crds/*.yaml",
  "**.yaml",
  "*.yaml",
  "*/*/*",
  "a/**/c",
  "{a/b,a/b/c}",
  "{a,b}/**",
  "*b*",
  "**b**",
  "*a*b*",
  "?*?",
  "*?",
  "[a-z][a-z]",
  "[!/]*",
  "",
  ".*",
  "files/.*",
];

/** A few hundred more patterns from a seeded generator, to reach the compiler's odd paths. */
function randomPatterns(n: number): string[] {
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const atoms = ["a", "b", "c", ".", "/", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "{a,b}", "{a,}", "{,b}", "{a/b,c}", "{*,b}", "\\*", "txt", "é"];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let p = "";
    const len = 1 + rnd(6);
    for (let k = 0; k < len; k++) p += atoms[rnd(atoms.length)] ?? "";
    out.push(p);
  }
  return out;
}

export const GLOBS = { patterns: [...GLOB_PATTERNS, ...randomPatterns(400)], names: GLOB_NAMES };

// ---------------------------------------------------------------------------
// path/filepath.Match and .helmignore.

const MATCH_PAIRS: [string, string][] = [
  ["abc", "abc"],
  ["*", "abc"],
  ["*c", "abc"],
  ["a*", "a"],
  ["a*", "abc"],
  ["a*", "ab/c"],
  ["a*/b", "abc/b"],
  ["a*/b", "a/c/b"],
  ["a*b*c*d*e*/f", "axbxcxdxe/f"],
  ["a*b*c*d*e*/f", "axbxcxdxexxx/f"],
  ["a*b*c*d*e*/f", "axbxcxdxe/xxx/f"],
  ["a*b*c*d*e*/f", "axbxcxdxexxx/fff"],
  ["a*b?c*x", "abxbbxdbxebxczzx"],
  ["a*b?c*x", "abxbbxdbxebxczzy"],
  ["ab[c]", "abc"],
  ["ab[b-d]", "abc"],
  ["ab[e-g]", "abc"],
  ["ab[^c]", "abc"],
  ["ab[^b-d]", "abc"],
  ["ab[^e-g]", "abc"],
  ["a\\*b", "a*b"],
  ["a\\*b", "ab"],
  ["a?b", "a☺b"],
  ["a[^a]b", "a☺b"],
  ["a???b", "a☺b"],
  ["a[^a][^a][^a]b", "a☺b"],
  ["[a-ζ]*", "α"],
  ["*[a-ζ]", "A"],
  ["a?b", "a/b"],
  ["a*b", "a/b"],
  ["[\\]a]", "]"],
  ["[\\-]", "-"],
  ["[x\\-]", "x"],
  ["[x\\-]", "-"],
  ["[x\\-]", "z"],
  ["[\\-x]", "x"],
  ["[\\-x]", "a"],
  ["[]a]", "]"],
  ["[-]", "-"],
  ["[x-]", "x"],
  ["[x-]", "-"],
  ["[x-]", "z"],
  ["[-x]", "x"],
  ["[-x]", "-"],
  ["[-x]", "a"],
  ["\\", "a"],
  ["[a-b-c]", "a"],
  ["[", "a"],
  ["[^", "a"],
  ["[^bc", "a"],
  ["a[", "a"],
  ["a[", "ab"],
  ["a[", "x"],
  ["a/b[", "x"],
  ["*x", "xxx"],
  ["templates/.?*", "templates/.hidden"],
  ["templates/.?*", "templates/."],
  ["templates/.?*", "templates/a/.b"],
  ["/x", "/x"],
  ["*.bak", "a.bak"],
];

export const MATCHES = MATCH_PAIRS.map(([pattern, name]) => ({ pattern, name }));

const IGNORE_PATHS = [
  { path: "templates/.hidden", dir: false },
  { path: "templates/.dir", dir: true },
  { path: "templates/a.yaml", dir: false },
  { path: "templates/sub/.x", dir: false },
  { path: "a.txt", dir: false },
  { path: "dir/a.txt", dir: false },
  { path: "keep.txt", dir: false },
  { path: "dir", dir: true },
  { path: "dir/sub", dir: true },
  { path: "Chart.yaml", dir: false },
  { path: "foo", dir: true },
  { path: "foo", dir: false },
  { path: "x/foo", dir: true },
  { path: ".", dir: true },
  { path: "", dir: true },
  { path: "charts/sub/templates/.x", dir: false },
];

export const IGNORES = [
  "",
  "*.txt",
  "*.txt\n!keep.txt",
  "!keep.txt",
  "foo/",
  "/foo",
  "dir/*",
  "dir/*.txt",
  "# comment\n\n   a.txt   \n",
  "!foo/",
  "**",
  "a/**/b",
  "[",
  "a[",
  "\\",
  "Chart.yaml",
  "templates/",
  "*/",
  "/*.txt",
  "\ufeffa.txt",
  "a.txt\r\nb.txt\r\n",
].map((rules) => ({ rules, paths: IGNORE_PATHS }));

// ---------------------------------------------------------------------------
// .Files in templates.

const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString("base64");

const FILES: Record<string, string> = {
  "README.md": b64("# Title\n\ntext\n"),
  "config/app.yaml": b64("a: 1\nb: two\n"),
  "config/nested/db.yaml": b64("host: db\n"),
  "config/app.yml": b64("yml: true"),
  "files/crlf.txt": b64("a\r\nb\r\n"),
  "files/lines.txt": b64("one\ntwo\n\nfour"),
  "files/empty.txt": b64(""),
  "files/binary.bin": b64(new Uint8Array([0, 1, 0xff, 0xfe, 0x80, 0x41])),
  "files/utf8.txt": b64("héllo wörld ☺\n"),
  "files/quote.txt": b64("key: 'value'\n\"double\"\n"),
  "secret/pw": b64("hunter2"),
  "secret/key": b64(new Uint8Array([0xde, 0xad, 0xbe, 0xef])),
};

export const FILES_CASES = [
  '{{ .Files.Get "README.md" }}',
  '{{ .Files.Get "missing" | quote }}',
  '{{ .Files.GetBytes "secret/key" }}',
  '{{ .Files.GetBytes "missing" }}',
  '{{ .Files.Get "files/binary.bin" | quote }}',
  '{{ .Files.Get "files/utf8.txt" }}',
  '{{ range .Files.Lines "files/lines.txt" }}[{{ . }}]{{ end }}',
  '{{ range .Files.Lines "files/crlf.txt" }}[{{ . | quote }}]{{ end }}',
  '{{ .Files.Lines "missing" }}',
  '{{ .Files.Lines "files/empty.txt" }}',
  '{{ (.Files.Glob "config/*").AsConfig }}',
  '{{ (.Files.Glob "config/**").AsConfig }}',
  '{{ (.Files.Glob "**.yaml").AsConfig }}',
  '{{ (.Files.Glob "files/*.txt").AsConfig }}',
  '{{ (.Files.Glob "secret/*").AsSecrets }}',
  '{{ (.Files.Glob "nothing/*").AsConfig }}',
  '{{ (.Files.Glob "nothing/*").AsSecrets }}',
  '{{ (.Files.Glob "[").AsSecrets }}',
  '{{ (.Files.Glob "files/binary.bin").AsConfig }}',
  '{{ (.Files.Glob "files/quote.txt").AsConfig }}',
  '{{ (.Files.Glob "config/{app.yaml,app.yml}").AsConfig | indent 2 }}',
  '{{ range $path, $_ := .Files.Glob "**" }}{{ $path }}|{{ end }}',
  '{{ range $path, $bytes := .Files.Glob "config/**" }}{{ $path }}={{ $bytes | toString | len }};{{ end }}',
  '{{ range $path, $_ := .Files }}{{ $path }} {{ end }}',
  '{{ index .Files "secret/pw" | toString }}',
  '{{ len .Files }} {{ len (.Files.Glob "*") }} {{ len (.Files.Glob "*/*") }}',
  "{{ .Files.AsSecrets }}",
  '{{ (.Files.Glob "README.md{,}").AsConfig }}',
  '{{ (.Files.Glob "README.m{,}d").AsConfig }}',
  '{{ $f := .Files.Glob "config/*" }}{{ $f.Get "config/app.yaml" }}{{ ($f.Glob "*/*.yml").AsConfig }}',
].map((tmpl) => ({ files: FILES, tmpl }));

// ---------------------------------------------------------------------------
// Values files (LoadValues).

export const VALUES_CASES = [
  "",
  "\n",
  "a: 1\n",
  "a: 1\n---\na: 2\n",
  "a: {b: 1, c: {d: 1}}\n---\na: {c: {e: 2}, f: 3}\n",
  "a: {b: 1}\n---\na: 5\n---\na: {c: 1}\n",
  "a: 1\n---\n",
  "---\na: 1\n",
  "--- # comment\na: 1\n",
  "a: 1\n--- x\n",
  "a: 1\n---x\n",
  "a: 1\n---\t\n",
  "a: 1\n   ---\nb: 2\n",
  "a: |\n  ---\n  text\n",
  "a: 1\n...\nb: 2\n",
  "- 1\n",
  "a\n",
  "a: [b\n",
  "a: 1\r\n---\r\nb: 2\r\n",
  "a: 1\rb: 2\n",
  "n: 12345678901234567890\nf: 1.5\ni: 0x10\no: 0o17\nt: 2020-01-01\nb: on\nnull: ~\n",
  "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n",
  "1: one\ntrue: yes\n1.5: x\n",
  "a: 1\n---\n- 1\n",
  "a: .nan\n",
  "x".repeat(5000) + ": long key line\n",
];

// ---------------------------------------------------------------------------
// Chart.yaml decoding (sigs.k8s.io/yaml into v2.Metadata), documents decoded
// one after the other into the same struct, as requirements.yaml is over
// Chart.yaml; the result as `.Chart` (MetadataAsMap) shows it.

export const METADATA_CASES: string[][] = [
  ["name: a\nversion: 1\n"],
  ["NaMe: x\n"],
  ["Name: x\nname: y\n"],
  ["nAME: z\nName: y\n"],
  ["\u017fources: [a]\n\u212aeywords: [k]\n"],
  ["maintainers: [{Name: a, EMAIL: b, url: c, extra: d}]\n"],
  ["annotations: {a: b}\n", "annotations: {c: d}\n"],
  ["annotations: {a: b}\n", "annotations: ~\n"],
  ["dependencies: [{name: a, version: '1', tags: [x, y]}]\n", "dependencies: [{name: b}, {name: c}]\n"],
  ["dependencies: [{name: a}, {name: b}]\n", "dependencies: [{version: '2'}]\n"],
  ["dependencies: [{name: a}]\n", "dependencies: []\n"],
  ["dependencies: [{name: a}]\n", "dependencies: ~\n"],
  ["keywords: [a, b]\n", "keywords: [~]\n"],
  ["name: a\nversion: 1.0.0\n", "name: b\n"],
  ["dependencies: [{import-values: [a, {child: b, parent: c}, 1, 1.5, true, ~, [x]]}]\n"],
  ["dependencies: [{tags: [1, 2.5, true], enabled: true, condition: 1.0}]\n"],
  ["maintainers: [{name: 1.0, email: true, url: 0x10}]\n"],
  ["version: 1.0.0\nversion: 2.0.0\n"],
  ["name: !!str 1.0\n"],
  ["name: !!binary aGk=\n"],
  ["name: &a x\nhome: *a\n"],
  ["? [a]\n: b\n"],
  ["name: 0o17\nhome: 017\nicon: 1_000\nversion: +1.5e3\ntags: 0b101\ncondition: .5\n"],
  ["name: 1e400\nhome: -0.0\nicon: 123456789012345678901234567890\nversion: -.inf\n"],
  ["deprecated: ~\n"],
  ["deprecated: [true]\n"],
  ["deprecated: on\n"],
  ["annotations: {a: {b: c}}\n"],
  ["annotations: {1: 2, true: false, 1.5: ~}\n"],
  ["sources: {a: b}\n"],
  ["maintainers: x\n"],
  ["dependencies: [{name: a, alias: [x]}]\n"],
  ["type: [a]\napiVersion: {b: c}\n"],
  [""],
  ["# comment only\n"],
  ["~\n"],
  ["5\n"],
  ["name: 'x'\n---\nname: y\n"],
  ["name: \"\\x41\\u00e9\"\n"],
  ["name: |\n  multi\n  line\n"],
  ["name: >-\n  folded\n  text\n"],
  ["dependencies:\n  - name: a\n    import-values:\n      - child: x\n        parent: y\n"],
];
