/**
 * Field access on JSON objects with the semantics of apimachinery's
 * unstructured helpers as kstatus uses them (NestedFieldNoCopy,
 * NestedInt64, NestedString, NestedSlice, GetIntField, GetStringField).
 */
import { HealthComputeError, type KubeObject } from "./status.ts";

type Json = unknown;

function isMap(v: Json): v is KubeObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's %T of a decoded JSON value, for error messages. */
function goType(v: Json): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** Go's %v of a decoded JSON value (scalars exactly, containers approximately). */
function goValue(v: Json): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function accessorError(path: readonly string[], v: Json, expected: string): HealthComputeError {
  return new HealthComputeError(`.${path.join(".")} accessor error: ${goValue(v)} is of the type ${goType(v)}, expected ${expected}`);
}

/** NestedFieldNoCopy: [value, found]; throws when an intermediate value is not a map. */
export function nestedField(obj: KubeObject, path: readonly string[]): [Json, boolean] {
  let val: Json = obj;
  for (let i = 0; i < path.length; i++) {
    if (val === null || val === undefined) return [undefined, false];
    if (!isMap(val)) throw accessorError(path.slice(0, i + 1), val, "map[string]interface{}");
    const key = path[i] ?? "";
    if (!Object.hasOwn(val, key)) return [undefined, false];
    val = val[key];
  }
  return [val, true];
}

function isInt(v: Json): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** NestedInt64: undefined when absent; throws when present but not an integer. */
export function nestedInt(obj: KubeObject, path: readonly string[]): number | undefined {
  const [v, found] = nestedField(obj, path);
  if (!found) return undefined;
  if (!isInt(v)) throw accessorError(path, v, "int64");
  return v;
}

/** NestedString: undefined when absent; throws when present but not a string. */
export function nestedString(obj: KubeObject, path: readonly string[]): string | undefined {
  const [v, found] = nestedField(obj, path);
  if (!found) return undefined;
  if (typeof v !== "string") throw accessorError(path, v, "string");
  return v;
}

/** NestedSlice: undefined when absent; throws when present but not a list. */
export function nestedSlice(obj: KubeObject, path: readonly string[]): unknown[] | undefined {
  const [v, found] = nestedField(obj, path);
  if (!found) return undefined;
  if (!Array.isArray(v)) throw accessorError(path, v, "[]interface{}");
  return v as unknown[];
}

function split(fieldPath: string): string[] {
  const fields = fieldPath.split(".");
  return fields[0] === "" ? fields.slice(1) : fields;
}

/** kstatus GetIntField: the integer at a dotted path, or the default on any mismatch. */
export function intField(obj: KubeObject, fieldPath: string, defaultValue: number): number {
  try {
    const [v, found] = nestedField(obj, split(fieldPath));
    return found && isInt(v) ? v : defaultValue;
  } catch {
    return defaultValue;
  }
}

/** kstatus GetStringField: the string at a dotted path, or the default on any mismatch. */
export function stringField(obj: KubeObject, fieldPath: string, defaultValue: string): string {
  try {
    const [v, found] = nestedField(obj, split(fieldPath));
    return found && typeof v === "string" ? v : defaultValue;
  } catch {
    return defaultValue;
  }
}

/** A condition as kstatus decodes it (BasicCondition): missing fields are "". */
export interface BasicCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

function conditionString(c: KubeObject, key: string, i: number): string {
  const v = c[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new HealthComputeError(`cannot convert ${goType(v)} to string (status.conditions[${i}].${key})`);
  return v;
}

/**
 * GetObjectWithConditions: status.conditions decoded into BasicConditions.
 * Like runtime.DefaultUnstructuredConverter, a status or conditions of the
 * wrong shape is an error; absent or null is an empty list.
 */
export function conditions(obj: KubeObject): BasicCondition[] {
  const status = obj["status"];
  if (status === undefined || status === null) return [];
  if (!isMap(status)) throw new HealthComputeError(`cannot restore struct from ${goType(status)} (status)`);
  const list = status["conditions"];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new HealthComputeError(`cannot restore slice from ${isMap(list) ? "map" : goType(list)} (status.conditions)`);
  return (list as unknown[]).map((c, i): BasicCondition => {
    if (c === null) return { type: "", status: "", reason: "", message: "" };
    if (!isMap(c)) throw new HealthComputeError(`cannot restore struct from ${goType(c)} (status.conditions[${i}])`);
    return {
      type: conditionString(c, "type", i),
      status: conditionString(c, "status", i),
      reason: conditionString(c, "reason", i),
      message: conditionString(c, "message", i),
    };
  });
}

export function conditionWithStatus(conds: readonly BasicCondition[], type: string, status: string): BasicCondition | undefined {
  return conds.find((c) => c.type === type && c.status === status);
}

/** u.GetKind(): the kind, or "" when absent or not a string. */
export function kindOf(obj: KubeObject): string {
  const k = obj["kind"];
  return typeof k === "string" ? k : "";
}

/**
 * The "group/Kind" key of u.GroupVersionKind() ("Kind" for the core group),
 * or undefined when the apiVersion does not parse (Go then yields an empty
 * GroupVersionKind).
 */
export function groupKindKey(obj: KubeObject): string | undefined {
  const av = obj["apiVersion"];
  const apiVersion = typeof av === "string" ? av : "";
  const kind = kindOf(obj);
  if (apiVersion === "" || apiVersion === "/") return kind;
  const slashes = apiVersion.split("/").length - 1;
  if (slashes === 0) return kind;
  if (slashes > 1) return undefined;
  const group = apiVersion.slice(0, apiVersion.indexOf("/"));
  return group === "" ? kind : `${group}/${kind}`;
}
