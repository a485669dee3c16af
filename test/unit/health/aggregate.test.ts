// aggregateStatus against kstatus's aggregator.AggregateStatus: the expected
// table was produced by the Go function over the same sets of statuses.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { aggregateStatus, type Status } from "../../../src/health/index.ts";

interface Row {
  statuses: Status[] | null;
  desired: Status;
  result: Status;
}

const rows = JSON.parse(readFileSync(new URL("../../fixtures/health/aggregate-expected.json", import.meta.url), "utf8")) as Row[];

for (const row of rows) {
  const statuses = row.statuses ?? [];
  test(`aggregate [${statuses.join(", ")}] toward ${row.desired} is ${row.result}`, () => {
    assert.equal(aggregateStatus(statuses, row.desired), row.result);
    assert.equal(aggregateStatus(statuses.map((status) => ({ status })), row.desired), row.result);
  });
}

test("the desired status defaults to Current", () => {
  assert.equal(aggregateStatus(["Current", "Current"]), "Current");
  assert.equal(aggregateStatus([]), "Current");
});
