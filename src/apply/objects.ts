/**
 * Kubernetes objects as plain JSON, their references, and the rendered
 * manifests (YAML text from src/render) parsed into them.
 */
import { parse } from "yaml";
import { isRecord } from "./client.ts";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** One object of a release: what the inventory records. */
export interface ObjectRef {
  group: string;
  version: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i === -1 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(ref: { group: string; version: string }): string {
  return ref.group === "" ? ref.version : `${ref.group}/${ref.version}`;
}

export function refOf(obj: KubeObject): ObjectRef {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const ref: ObjectRef = { group, version, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== "") ref.namespace = obj.metadata.namespace;
  return ref;
}

/** "apps/v1 Deployment ns/name" (cluster-scoped: "… Kind name"), for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${apiVersionOf(ref)} ${ref.kind} ${ref.namespace === undefined ? "" : `${ref.namespace}/`}${ref.name}`;
}

export function describeObject(obj: KubeObject): string {
  return describeRef(refOf(obj));
}

/** Checks the shape every applied object needs and returns it typed. */
export function asKubeObject(v: unknown, where: string): KubeObject {
  if (!isRecord(v)) throw new Error(`${where}: not a Kubernetes object`);
  const { apiVersion, kind, metadata } = v;
  if (typeof apiVersion !== "string" || apiVersion === "") throw new Error(`${where}: missing apiVersion`);
  if (typeof kind !== "string" || kind === "") throw new Error(`${where}: missing kind`);
  if (!isRecord(metadata) || typeof metadata.name !== "string" || metadata.name === "") throw new Error(`${where}: missing metadata.name`);
  if (metadata.namespace !== undefined && metadata.namespace !== null && typeof metadata.namespace !== "string") {
    throw new Error(`${where}: metadata.namespace is not a string`);
  }
  return v as KubeObject;
}

/** Rendered manifests (src/render's `manifests` or `crds`) → objects. */
export function parseManifests(manifests: readonly { source: string; content: string }[]): KubeObject[] {
  return manifests.map((m) => asKubeObject(parse(m.content), m.source));
}
