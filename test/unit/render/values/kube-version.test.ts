/**
 * --kube-version parsing and the Chart.yaml kubeVersion check against Helm
 * 4.1.4 (common.ParseKubeVersion, IsCompatibleRange, renderResources'
 * message): cases/kube.json pairs versions ("" = the default) and
 * constraints with Go's result.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkKubeVersion, DEFAULT_KUBE_VERSION, parseKubeVersion } from "../../../../src/render/values/kube-version.ts";
import { ValuesError } from "../../../../src/render/values/errors.ts";
import { buildChart, loadCases } from "./helpers.ts";

interface Case {
  version: string;
  constraint: string;
  out?: { Version: string; Major: string; Minor: string; String: string };
  err?: string;
}

test("kube versions and kubeVersion constraints", () => {
  for (const c of loadCases<Case>("kube")) {
    const where = `${JSON.stringify(c.version)} / ${JSON.stringify(c.constraint)}`;
    let err: string | undefined;
    try {
      const kv = c.version === "" ? DEFAULT_KUBE_VERSION : parseKubeVersion(c.version);
      if (c.out !== undefined) assert.deepEqual({ Version: kv.Version, Major: kv.Major, Minor: kv.Minor, String: kv.normalized }, c.out, where);
      checkKubeVersion(buildChart({ name: "c", kubeVersion: c.constraint }), kv);
    } catch (e) {
      if (!(e instanceof ValuesError)) throw e;
      err = e.message;
    }
    assert.equal(err, c.err, where);
  }
});
