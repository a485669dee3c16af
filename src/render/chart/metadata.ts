/**
 * Chart.yaml: Helm's Metadata struct (pkg/chart/v2/metadata.go), read with
 * sigs.k8s.io/yaml (unknown fields ignored, numbers and booleans in string
 * fields turned into strings), and its Validate with Helm's messages and
 * string sanitizing.
 */
import { isPrint, quote as q } from "../../template/index.ts";
import { tryParseVersion } from "../../semver/index.ts";
import { unmarshalStruct, zeroStruct, type GoStruct, type GoType, type StructType } from "./gostruct.ts";
import type { Dependency, Lock, Maintainer, Metadata } from "./types.ts";

const STRING: GoType = { k: "string" };
const BOOL: GoType = { k: "bool" };
const STRINGS: GoType = { k: "slice", elem: STRING, name: "[]string" };

export const MAINTAINER_TYPE: StructType = {
  k: "struct",
  name: "v2.Maintainer",
  fields: [
    { json: "name", type: STRING },
    { json: "email", type: STRING },
    { json: "url", type: STRING },
  ],
};

export const DEPENDENCY_TYPE: StructType = {
  k: "struct",
  name: "v2.Dependency",
  fields: [
    { json: "name", type: STRING },
    { json: "version", type: STRING },
    { json: "repository", type: STRING },
    { json: "condition", type: STRING },
    { json: "tags", type: STRINGS },
    { json: "enabled", type: BOOL },
    { json: "import-values", type: { k: "slice", elem: { k: "any" }, name: "[]interface {}" } },
    { json: "alias", type: STRING },
  ],
};

export const METADATA_TYPE: StructType = {
  k: "struct",
  name: "v2.Metadata",
  fields: [
    { json: "name", type: STRING },
    { json: "home", type: STRING },
    { json: "sources", type: STRINGS },
    { json: "version", type: STRING },
    { json: "description", type: STRING },
    { json: "keywords", type: STRINGS },
    { json: "maintainers", type: { k: "slice", elem: { k: "ptr", elem: MAINTAINER_TYPE }, name: "[]*v2.Maintainer" } },
    { json: "icon", type: STRING },
    { json: "apiVersion", type: STRING },
    { json: "condition", type: STRING },
    { json: "tags", type: STRING },
    { json: "appVersion", type: STRING },
    { json: "deprecated", type: BOOL },
    { json: "annotations", type: { k: "map", elem: STRING, name: "map[string]string" } },
    { json: "kubeVersion", type: STRING },
    { json: "dependencies", type: { k: "slice", elem: { k: "ptr", elem: DEPENDENCY_TYPE }, name: "[]*v2.Dependency" } },
    { json: "type", type: STRING },
  ],
};

export const LOCK_TYPE: StructType = {
  k: "struct",
  name: "v2.Lock",
  fields: [
    { json: "generated", type: { k: "time" } },
    { json: "digest", type: STRING },
    { json: "dependencies", type: { k: "slice", elem: { k: "ptr", elem: DEPENDENCY_TYPE }, name: "[]*v2.Dependency" } },
  ],
};

/** The type Helm's chart loader first decodes Chart.yaml into, to pick the loader by apiVersion. */
export const CHART_BASE_TYPE: StructType = { k: "struct", name: "loader.chartBase", fields: [{ json: "apiVersion", type: STRING }] };

/**
 * Metadata as decoded, before validation: maintainers and dependencies may
 * hold Go's nil (`- null` in the YAML), which validation rejects. A
 * Metadata is one too.
 */
export type DecodedMetadata = Omit<Metadata, "maintainers" | "dependencies"> & {
  maintainers: (Maintainer | null)[];
  dependencies: (Dependency | null)[];
};

/** Decoded Go values to our types. */
function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

function maintainer(o: GoStruct | null): Maintainer | null {
  return o === null ? null : { name: str(o["name"]), email: str(o["email"]), url: str(o["url"]) };
}

function dependency(o: GoStruct | null): Dependency | null {
  if (o === null) return null;
  return {
    name: str(o["name"]),
    version: str(o["version"]),
    repository: str(o["repository"]),
    condition: str(o["condition"]),
    tags: strs(o["tags"]),
    enabled: o["enabled"] === true,
    importValues: Array.isArray(o["import-values"]) ? (o["import-values"] as unknown[]) : [],
    alias: str(o["alias"]),
  };
}

function toMetadata(o: GoStruct): DecodedMetadata {
  const annotations = o["annotations"] instanceof Map ? (o["annotations"] as Map<string, string>) : new Map<string, string>();
  return {
    name: str(o["name"]),
    home: str(o["home"]),
    sources: strs(o["sources"]),
    version: str(o["version"]),
    description: str(o["description"]),
    keywords: strs(o["keywords"]),
    maintainers: Array.isArray(o["maintainers"]) ? (o["maintainers"] as (GoStruct | null)[]).map(maintainer) : [],
    icon: str(o["icon"]),
    apiVersion: str(o["apiVersion"]),
    condition: str(o["condition"]),
    tags: str(o["tags"]),
    appVersion: str(o["appVersion"]),
    deprecated: o["deprecated"] === true,
    annotations: Object.fromEntries(annotations),
    kubeVersion: str(o["kubeVersion"]),
    dependencies: Array.isArray(o["dependencies"]) ? (o["dependencies"] as (GoStruct | null)[]).map(dependency) : [],
    type: str(o["type"]),
  };
}

/**
 * Chart.yaml being decoded: the Go struct value, so that requirements.yaml
 * can be decoded over it as Helm does (its dependencies overlaying
 * Chart.yaml's element by element, annotations merged).
 */
export class MetadataDecoder {
  readonly raw: GoStruct = zeroStruct(METADATA_TYPE);

  /** yaml.Unmarshal(text, metadata); throws GoYamlError. */
  decode(text: string): void {
    unmarshalStruct(text, METADATA_TYPE, this.raw);
  }

  get apiVersion(): string {
    return str(this.raw["apiVersion"]);
  }

  set apiVersion(v: string) {
    this.raw["apiVersion"] = v;
  }

  metadata(): DecodedMetadata {
    return toMetadata(this.raw);
  }
}

/** Chart.yaml text as Helm's loader reads it (no validation); throws GoYamlError. */
export function parseMetadata(text: string): DecodedMetadata {
  const d = new MetadataDecoder();
  d.decode(text);
  return d.metadata();
}

/** Chart.lock / requirements.lock; throws GoYamlError. */
export function parseLock(text: string): Lock {
  const o = unmarshalStruct(text, LOCK_TYPE);
  const deps = Array.isArray(o["dependencies"]) ? (o["dependencies"] as (GoStruct | null)[]) : [];
  return {
    generated: str(o["generated"]),
    digest: str(o["digest"]),
    dependencies: deps.map((d) => ({ name: str(d?.["name"]), version: str(d?.["version"]), repository: str(d?.["repository"]) })),
  };
}

// ---------------------------------------------------------------------------
// Validation.

/** Helm's ValidationError: "validation: " + message. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(`validation: ${message}`);
  }
}

/** unicode.IsSpace. */
function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

/** sanitizeString: spaces become ' ', non-printable characters are dropped. */
export function sanitizeString(s: string): string {
  let out = "";
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    if (isSpace(r)) out += " ";
    else if (isPrint(r)) out += ch;
  }
  return out;
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

/** filepath.Base for a name (Unix). */
function base(p: string): string {
  if (p === "") return ".";
  const t = p.replace(/\/+$/, "");
  if (t === "") return "/";
  return t.slice(t.lastIndexOf("/") + 1);
}

function validateDependency(d: Dependency | null): void {
  if (d === null) throw new ValidationError("dependencies must not contain empty or null nodes");
  d.name = sanitizeString(d.name);
  d.version = sanitizeString(d.version);
  d.repository = sanitizeString(d.repository);
  d.condition = sanitizeString(d.condition);
  d.tags = d.tags.map(sanitizeString);
  if (d.alias !== "" && !ALIAS_NAME.test(d.alias)) throw new ValidationError(`dependency ${q(d.name)} has disallowed characters in the alias`);
}

/**
 * Metadata.Validate: sanitizes the strings it checks (in place, as Helm
 * does: the sanitized values are what templates see) and throws
 * ValidationError with Helm's message ("validation: chart.metadata.name is
 * required", …). After it returns, maintainers and dependencies hold no nulls.
 */
export function validateMetadata(md: DecodedMetadata): asserts md is Metadata {
  md.name = sanitizeString(md.name);
  md.description = sanitizeString(md.description);
  md.home = sanitizeString(md.home);
  md.icon = sanitizeString(md.icon);
  md.condition = sanitizeString(md.condition);
  md.tags = sanitizeString(md.tags);
  md.appVersion = sanitizeString(md.appVersion);
  md.kubeVersion = sanitizeString(md.kubeVersion);
  md.sources = md.sources.map(sanitizeString);
  md.keywords = md.keywords.map(sanitizeString);

  if (md.apiVersion === "") throw new ValidationError("chart.metadata.apiVersion is required");
  if (md.name === "") throw new ValidationError("chart.metadata.name is required");
  if (md.name === "." || md.name === "..") throw new ValidationError(`chart.metadata.name ${q(md.name)} is not allowed`);
  if (md.name !== base(md.name)) throw new ValidationError(`chart.metadata.name ${q(md.name)} is invalid`);
  if (md.version === "") throw new ValidationError("chart.metadata.version is required");
  if (tryParseVersion(md.version) === undefined) throw new ValidationError(`chart.metadata.version ${q(md.version)} is invalid`);
  if (md.type !== "" && md.type !== "application" && md.type !== "library") throw new ValidationError("chart.metadata.type must be application or library");

  for (const m of md.maintainers) {
    if (m === null) throw new ValidationError("maintainers must not contain empty or null nodes");
    m.name = sanitizeString(m.name);
    m.email = sanitizeString(m.email);
    m.url = sanitizeString(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies) {
    validateDependency(d);
    const key = (d as Dependency).alias !== "" ? (d as Dependency).alias : (d as Dependency).name;
    if (seen.has(key)) throw new ValidationError(`more than one dependency with name or alias ${q(key)}`);
    seen.add(key);
  }
}
