// computeStatus against kstatus itself: test/fixtures/health/expected.json was
// produced by running sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status.Compute
// (Go) over test/fixtures/health/corpus.json; every case must agree on status,
// message and conditions, or on failing (with the same message where the
// message comes from kstatus rather than Go's decoder).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { HealthComputeError, computeStatus, type KubeObject } from "../../../src/health/index.ts";

interface Case {
  name: string;
  object: KubeObject;
}
interface Expected {
  name: string;
  status?: string;
  message: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  error?: string;
}

const fixtures = new URL("../../fixtures/health/", import.meta.url);
const corpus = JSON.parse(readFileSync(new URL("corpus.json", fixtures), "utf8")) as Case[];
const expected = new Map((JSON.parse(readFileSync(new URL("expected.json", fixtures), "utf8")) as Expected[]).map((e) => [e.name, e]));

// Go's decoder (runtime.DefaultUnstructuredConverter) words these errors its own way.
const decoderErrors = new Set(["error/conditions-object", "error/condition-type-number"]);

describe("computeStatus agrees with kstatus Compute", () => {
  test("the expected table covers the whole corpus", () => {
    assert.equal(expected.size, corpus.length);
  });
  for (const c of corpus) {
    test(c.name, () => {
      const want = expected.get(c.name);
      assert.ok(want, `no expectation for ${c.name}`);
      if (want.error !== undefined) {
        const err = (() => {
          try {
            computeStatus(c.object);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        assert.ok(err instanceof HealthComputeError, `expected an error like kstatus: ${want.error}`);
        if (decoderErrors.has(c.name)) assert.ok(err.message.startsWith(want.error), `${err.message} vs ${want.error}`);
        else assert.equal(err.message, want.error);
        return;
      }
      const got = computeStatus(c.object);
      assert.deepEqual(
        { status: got.status, message: got.message, conditions: got.conditions },
        {
          status: want.status,
          message: want.message,
          conditions: want.conditions.map((x) => ({ type: x.type, status: x.status, reason: x.reason ?? "", message: x.message ?? "" })),
        },
      );
    });
  }
});
