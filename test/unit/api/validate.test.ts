import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";
import { formatErrors, jsonPointerProblem, parseGoDuration, validateSpec } from "../../../src/api/validate.ts";
import type { HelmReleaseSpec } from "../../../src/api/types.ts";

const self = { name: "app", namespace: "team" };
const DIGEST = `sha256:${"0f".repeat(32)}`;
const base: HelmReleaseSpec = { chart: { repository: "oci://127.0.0.1:5000/charts/app", version: "1.2.3" } };

function errorsOf(spec: Partial<HelmReleaseSpec>, me = self): string {
  return formatErrors(validateSpec({ ...base, ...spec }, me));
}

test("Go durations parse like time.ParseDuration", () => {
  assert.equal(parseGoDuration("10m"), 600_000);
  assert.equal(parseGoDuration("1h30m"), 5_400_000);
  assert.equal(parseGoDuration("1.5s"), 1500);
  assert.equal(parseGoDuration("250ms"), 250);
  assert.equal(parseGoDuration("2µs"), 0.002);
  assert.equal(parseGoDuration("0"), 0);
  assert.equal(parseGoDuration("-1m"), -60_000);
  assert.throws(() => parseGoDuration("5"), /time: unknown unit|invalid duration/);
  assert.throws(() => parseGoDuration("5d"), /unknown unit "d"/);
  assert.throws(() => parseGoDuration(""), /invalid duration ""/);
  assert.throws(() => parseGoDuration("m"), /invalid duration/);
  assert.throws(() => parseGoDuration("99999999999h"), /invalid duration/);
});

test("a complete, valid spec has no errors", () => {
  const spec: HelmReleaseSpec = {
    chart: { repository: "oci://ghcr.io/org/charts/app", version: ">=1.2.0 <2", digest: DIGEST, credentialsSecretRef: { name: "creds" } },
    releaseName: "app",
    targetNamespace: "apps",
    valuesFrom: [{ kind: "ConfigMap", name: "vals", key: "values.yaml" }],
    interval: "1h30m",
    timeout: "90s",
    dependsOn: [{ name: "db" }, { name: "db", namespace: "other" }],
    syncPolicy: { automated: { prune: true }, retry: { limit: -1, backoff: { duration: "1s", factor: 3, maxDuration: "10m" } } },
    ignoreDifferences: [{ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas", "/metadata/annotations/a~1b"] }],
  };
  assert.deepEqual(validateSpec(spec, self), []);
  for (const version of ["1.2.3", "v1.2.3", "latest", "~1.2", "^1", "1.x", "1.2.3 - 2.0.0", ">=1 <2 || 3.x"]) {
    assert.equal(errorsOf({ chart: { ...base.chart, version } }), "", version);
  }
});

test("chart reference errors name the field and the fix", () => {
  assert.match(errorsOf({ chart: { repository: "https://charts.example.com/app", version: "1.0.0" } }), /^spec\.chart\.repository: .*must be oci:\/\/<registry>/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app:1.0.0", version: "1.0.0" } }), /spec\.chart\.repository: .*without a tag or digest/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app" } }), /spec\.chart: chart needs a digest, a version, or both/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app", digest: "sha256:ABC" } }), /spec\.chart\.digest: "sha256:ABC" must be sha256: followed by 64 lower-case hex digits/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app", version: ">=1.2 <<2" } }), /spec\.chart\.version: ">=1\.2 <<2" is neither a tag nor a valid semver constraint \(improper constraint/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app", version: "  " } }), /spec\.chart\.version: is empty/);
  assert.match(errorsOf({ chart: { repository: "oci://r/app", version: "1", plainHTTP: true, caSecretRef: { name: "ca" } } }), /spec\.chart\.caSecretRef: caSecretRef has no effect with plainHTTP/);
});

test("durations and retry settings", () => {
  assert.match(errorsOf({ interval: "10" }), /spec\.interval: "10" is not a Go duration .*write e\.g\. 30s, 5m or 1h30m/);
  assert.match(errorsOf({ interval: "1d" }), /spec\.interval: "1d" is not a Go duration \(time: unknown unit "d"/);
  assert.match(errorsOf({ interval: "500ms" }), /spec\.interval: "500ms" is too short; use at least 1s/);
  assert.match(errorsOf({ timeout: "0s" }), /spec\.timeout: "0s" is too short/);
  assert.match(errorsOf({ syncPolicy: { retry: { limit: -2 } } }), /spec\.syncPolicy\.retry\.limit: -2 is not allowed; use -1 \(unlimited\)/);
  assert.match(errorsOf({ syncPolicy: { retry: { backoff: { factor: 0 } } } }), /spec\.syncPolicy\.retry\.backoff\.factor: 0 is not allowed/);
  assert.match(errorsOf({ syncPolicy: { retry: { backoff: { factor: 1.5 } } } }), /factor must be a whole number/);
  assert.match(errorsOf({ syncPolicy: { retry: { backoff: { duration: "1m", maxDuration: "10s" } } } }), /spec\.syncPolicy\.retry\.backoff\.maxDuration: maxDuration 10s must not be shorter than duration 1m/);
  assert.match(errorsOf({ syncPolicy: { retry: { backoff: { duration: "soon" } } } }), /spec\.syncPolicy\.retry\.backoff\.duration: "soon" is not a Go duration/);
});

test("names, release name length and valuesFrom", () => {
  assert.match(errorsOf({}, { name: "a".repeat(54), namespace: "team" }), /spec\.releaseName: the HelmRelease name "a{54}" is longer than Helm's 53-character/);
  assert.equal(errorsOf({ releaseName: "short" }, { name: "a".repeat(54), namespace: "team" }), "");
  assert.match(errorsOf({ releaseName: "Bad_Name" }), /spec\.releaseName: "Bad_Name" is not a valid Helm release name/);
  assert.match(errorsOf({ targetNamespace: "a.b" }), /spec\.targetNamespace: "a\.b" is not a valid namespace name/);
  assert.match(errorsOf({ valuesFrom: [{ kind: "Deployment" as "Secret", name: "x" }] }), /spec\.valuesFrom\[0\]\.kind: "Deployment" is not supported; use ConfigMap or Secret/);
  assert.match(errorsOf({ valuesFrom: [{ kind: "Secret", name: "x", key: "a/b" }] }), /spec\.valuesFrom\[0\]\.key: "a\/b" is not a valid data key/);
});

test("dependsOn references", () => {
  assert.match(errorsOf({ dependsOn: [{ name: "app" }] }), /spec\.dependsOn\[0\]: a HelmRelease cannot depend on itself \(team\/app\)/);
  assert.match(errorsOf({ dependsOn: [{ name: "app", namespace: "team" }] }), /cannot depend on itself/);
  assert.equal(errorsOf({ dependsOn: [{ name: "app", namespace: "other" }] }), "");
  assert.match(errorsOf({ dependsOn: [{ name: "db" }, { name: "db", namespace: "team" }] }), /spec\.dependsOn\[1\]: team\/db is listed more than once/);
  assert.match(errorsOf({ dependsOn: [{ name: "DB" }] }), /spec\.dependsOn\[0\]\.name: "DB" is not a valid HelmRelease name/);
});

test("ignoreDifferences JSON pointers", () => {
  assert.equal(jsonPointerProblem("/spec/template/metadata/labels/app.kubernetes.io~1name"), undefined);
  assert.match(jsonPointerProblem("spec.replicas") ?? "", /must start with "\/" \(did you mean "\/spec\/replicas"\?\)/);
  assert.match(jsonPointerProblem("/a~2b") ?? "", /"~" not followed by 0 or 1/);
  assert.match(jsonPointerProblem("/a~") ?? "", /"~" not followed by 0 or 1/);
  assert.match(jsonPointerProblem("") ?? "", /whole object/);
  assert.match(jsonPointerProblem("/metadata/name") ?? "", /identifies the object/);
  assert.match(
    errorsOf({ ignoreDifferences: [{ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas", "spec.x"] }] }),
    /^spec\.ignoreDifferences\[0\]\.jsonPointers\[1\]: "spec\.x" must start with "\/"/,
  );
  assert.match(errorsOf({ ignoreDifferences: [{ kind: "Deployment" }] }), /spec\.ignoreDifferences\[0\]: give jsonPointers, managedFieldsManagers, or both/);
  assert.match(errorsOf({ ignoreDifferences: [{ group: "apps/v1", kind: "Deployment", managedFieldsManagers: ["kubectl"] }] }), /spec\.ignoreDifferences\[0\]\.group: "apps\/v1" is an apiVersion/);
});

test("ignoreDifferences group and kind are globs, as the CRD's patterns", () => {
  const entry = (group: string | undefined, kind: string) => errorsOf({ ignoreDifferences: [{ group, kind, jsonPointers: ["/spec/replicas"] }] });
  for (const [group, kind] of [["*", "*"], ["*.example.com", "Widget"], ["apps", "Deploy*"], ["", "ConfigMap"], [undefined, "?onfigMap"], ["cert-manager.io", "Certificate"], ["apps", "Deployment"]] as const) {
    assert.equal(entry(group, kind), "", `${String(group)} ${kind}`);
  }
  assert.match(entry("Apps", "Deployment"), /^spec\.ignoreDifferences\[0\]\.group: "Apps" is not an API group or group glob/);
  assert.match(entry("apps_x", "Deployment"), /group: "apps_x" is not an API group/);
  assert.match(entry("*", "Deploy-ment"), /^spec\.ignoreDifferences\[0\]\.kind: "Deploy-ment" is not a kind or kind glob/);
  assert.match(entry("*", ""), /kind: "" is not a kind/);
  assert.match(entry("*", "K".repeat(64)), /kind: "K{64}" is not a kind/);
  assert.match(errorsOf({ ignoreDifferences: [{ kind: undefined as unknown as string, jsonPointers: ["/a"] }] }), /kind: "" is not a kind/);
});

test("ignoreDifferences naming a built-in non-core kind without a group can never match", () => {
  assert.match(
    errorsOf({ ignoreDifferences: [{ kind: "Deployment", jsonPointers: ["/spec/replicas"] }] }),
    /^spec\.ignoreDifferences\[0\]\.group: Deployment is in group apps and an absent group means the core group only, so this entry never matches; set group: apps \(or "\*"\)$/,
  );
  assert.match(errorsOf({ ignoreDifferences: [{ group: "", kind: "CronJob", jsonPointers: ["/spec"] }] }), /CronJob is in group batch/);
  assert.equal(errorsOf({ ignoreDifferences: [{ kind: "Service", jsonPointers: ["/spec/clusterIP"] }] }), "", "core kinds need no group");
  assert.equal(errorsOf({ ignoreDifferences: [{ kind: "Deploy*", jsonPointers: ["/spec"] }] }), "", "a glob may match core kinds");
  assert.equal(errorsOf({ ignoreDifferences: [{ kind: "toString", jsonPointers: ["/spec"] }] }), "", "only the table's own keys");
});

test("ignoreDifferences group and kind checks agree with the CRD's patterns", () => {
  interface Prop { pattern?: string; properties?: Record<string, Prop>; items?: Prop }
  const crd = parse(readFileSync(new URL("../../../crds/bosun.dev_helmreleases.yaml", import.meta.url), "utf8")) as { spec: { versions: { schema: { openAPIV3Schema: Prop } }[] } };
  const item = crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec?.properties?.ignoreDifferences?.items?.properties;
  const groupRe = new RegExp(item?.group?.pattern ?? "^$");
  const kindRe = new RegExp(item?.kind?.pattern ?? "^$");
  for (const group of ["", "*", "apps", "*.example.com", "cert-manager.io", "ap?s", "Apps", "apps/v1", "apps_x", "a b"]) {
    const bad = /spec\.ignoreDifferences\[0\]\.group: "/.test(errorsOf({ ignoreDifferences: [{ group, kind: "*", jsonPointers: ["/a"] }] }));
    assert.equal(bad, !groupRe.test(group), `group ${JSON.stringify(group)}`);
  }
  for (const kind of ["*", "Deployment", "Deploy*", "?ob", "v1", "", "Deploy-ment", "a.b", "Kind/x"]) {
    const bad = /spec\.ignoreDifferences\[0\]\.kind: /.test(errorsOf({ ignoreDifferences: [{ group: "*", kind, jsonPointers: ["/a"] }] }));
    assert.equal(bad, !kindRe.test(kind), `kind ${JSON.stringify(kind)}`);
  }
});
