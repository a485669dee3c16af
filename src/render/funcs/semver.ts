/**
 * Sprig's `semver` and `semverCompare`, over src/semver (Masterminds semver
 * v3.4.0). `semver` returns a `*semver.Version` host object exposing what
 * templates can reach on Masterminds' type: its methods (`.Major`, `.Minor`,
 * `.Patch`, `.Prerelease`, `.Metadata`, `.Original`, `.String`, `.Compare`,
 * `.LessThan`, `.IncPatch`, `.SetPrerelease`, …), its unexported fields (which
 * templates may not read), and fmt's view of it (a Stringer; `%#v` shows the
 * struct).
 */
import { FuncError, GO_METHODS, GO_TYPE, GoFunc, GoInt, goFunc, utf8, fromUtf8 } from "../../template/index.ts";
import { parseConstraint, parseVersion, SemverError, Version } from "../../semver/index.ts";
import { MARSHAL_JSON } from "../format/json.ts";
import { MARSHAL_YAML } from "../format/yaml-v3.ts";

const VERSION = Symbol("bosun.semver.version");

/**
 * Masterminds' `semver.Version` struct as a template value. Its own
 * (enumerable) properties are the struct's unexported fields in Go's order,
 * so `%#v` prints like Go and `.major` fails like Go.
 */
export class SemverVersionValue {
  major: GoInt;
  minor: GoInt;
  patch: GoInt;
  pre: string;
  metadata: string;
  original: string;
  declare [VERSION]: Version;
  declare [GO_TYPE]: string;
  declare [GO_METHODS]: Record<string, GoFunc>;

  constructor(v: Version) {
    this.major = new GoInt(v.major, "uint64");
    this.minor = new GoInt(v.minor, "uint64");
    this.patch = new GoInt(v.patch, "uint64");
    this.pre = v.prerelease;
    this.metadata = v.metadata;
    this.original = v.original;
    Object.defineProperty(this, VERSION, { value: v, writable: true, enumerable: false });
  }

  /** The library version this value holds. */
  get version(): Version {
    return this[VERSION];
  }

  /** Replaces the value in place (the pointer methods UnmarshalJSON/UnmarshalText/Scan). */
  protected assign(v: Version): void {
    this.major = new GoInt(v.major, "uint64");
    this.minor = new GoInt(v.minor, "uint64");
    this.patch = new GoInt(v.patch, "uint64");
    this.pre = v.prerelease;
    this.metadata = v.metadata;
    this.original = v.original;
    this[VERSION] = v;
  }

  String(): string {
    return this[VERSION].toString();
  }
}

/** A `*semver.Version`: the pointer, with the pointer-receiver methods too. */
export class SemverVersion extends SemverVersionValue {
  static parse(text: string): SemverVersion {
    return new SemverVersion(parseVersion(text));
  }

  /** Sets the version (for the Unmarshal/Scan methods). */
  set(v: Version): void {
    this.assign(v);
  }
}

function goError(e: unknown): Error {
  return e instanceof Error ? new Error(e.message) : new Error(String(e));
}

function wrap(f: () => Version): SemverVersionValue {
  try {
    return new SemverVersionValue(f());
  } catch (e) {
    if (e instanceof SemverError) throw new FuncError(e.message);
    throw e;
  }
}

/** The methods of semver.Version (value receivers): callable on both the value and the pointer. */
const VALUE_METHODS: Record<string, GoFunc> = {
  String: goFunc("-> string", function (this: SemverVersionValue) {
    return this.version.toString();
  }),
  Major: goFunc("-> uint64", function (this: SemverVersionValue) {
    return new GoInt(this.version.major, "uint64");
  }),
  Minor: goFunc("-> uint64", function (this: SemverVersionValue) {
    return new GoInt(this.version.minor, "uint64");
  }),
  Patch: goFunc("-> uint64", function (this: SemverVersionValue) {
    return new GoInt(this.version.patch, "uint64");
  }),
  Prerelease: goFunc("-> string", function (this: SemverVersionValue) {
    return this.version.prerelease;
  }),
  Metadata: goFunc("-> string", function (this: SemverVersionValue) {
    return this.version.metadata;
  }),
  IncPatch: goFunc("-> semver.Version", function (this: SemverVersionValue) {
    return new SemverVersionValue(this.version.incPatch());
  }),
  IncMinor: goFunc("-> semver.Version", function (this: SemverVersionValue) {
    return new SemverVersionValue(this.version.incMinor());
  }),
  IncMajor: goFunc("-> semver.Version", function (this: SemverVersionValue) {
    return new SemverVersionValue(this.version.incMajor());
  }),
  SetPrerelease: goFunc("string -> (semver.Version, error)", function (this: SemverVersionValue, pre: string) {
    return wrap(() => this.version.withPrerelease(pre));
  }),
  SetMetadata: goFunc("string -> (semver.Version, error)", function (this: SemverVersionValue, meta: string) {
    return wrap(() => this.version.withMetadata(meta));
  }),
  MarshalJSON: goFunc("-> ([]uint8, error)", function (this: SemverVersionValue) {
    return utf8(JSON.stringify(this.version.toString()));
  }),
  MarshalText: goFunc("-> ([]uint8, error)", function (this: SemverVersionValue) {
    return utf8(this.version.toString());
  }),
  Value: goFunc("-> (driver.Value, error)", function (this: SemverVersionValue) {
    return this.version.toString();
  }),
};

function other(o: SemverVersionValue | null): Version {
  // Go dereferences the nil pointer and panics; text/template reports the panic as an error.
  if (o === null) throw new FuncError("runtime error: invalid memory address or nil pointer dereference");
  return o.version;
}

function unmarshal(target: SemverVersion, text: string): Error | null {
  try {
    target.set(parseVersion(text));
    return null;
  } catch (e) {
    return goError(e);
  }
}

const POINTER_METHODS: Record<string, GoFunc> = {
  ...VALUE_METHODS,
  Original: goFunc("-> string", function (this: SemverVersion) {
    return this.version.original;
  }),
  LessThan: goFunc("*semver.Version -> bool", function (this: SemverVersion, o: SemverVersion | null) {
    return this.version.lessThan(other(o));
  }),
  LessThanEqual: goFunc("*semver.Version -> bool", function (this: SemverVersion, o: SemverVersion | null) {
    return this.version.lessThanEqual(other(o));
  }),
  GreaterThan: goFunc("*semver.Version -> bool", function (this: SemverVersion, o: SemverVersion | null) {
    return this.version.greaterThan(other(o));
  }),
  GreaterThanEqual: goFunc("*semver.Version -> bool", function (this: SemverVersion, o: SemverVersion | null) {
    return this.version.greaterThanEqual(other(o));
  }),
  Equal: goFunc("*semver.Version -> bool", function (this: SemverVersion, o: SemverVersion | null) {
    return o !== null && this.version.equal(o.version);
  }),
  Compare: goFunc("*semver.Version -> int", function (this: SemverVersion, o: SemverVersion | null) {
    return new GoInt(this.version.compare(other(o)), "int");
  }),
  UnmarshalJSON: goFunc("[]uint8 -> error", function (this: SemverVersion, b: Uint8Array | null) {
    let s: unknown;
    try {
      s = JSON.parse(fromUtf8(b ?? new Uint8Array()));
    } catch (e) {
      return goError(e);
    }
    if (typeof s !== "string") return new Error("json: cannot unmarshal into Go value of type string");
    return unmarshal(this, s);
  }),
  UnmarshalText: goFunc("[]uint8 -> error", function (this: SemverVersion, b: Uint8Array | null) {
    return unmarshal(this, fromUtf8(b ?? new Uint8Array()));
  }),
  Scan: goFunc("interface {} -> error", function (this: SemverVersion, value: unknown) {
    return unmarshal(this, typeof value === "string" ? value : "");
  }),
};

// Version.MarshalJSON / MarshalText (which go-yaml v3 uses): the String() form.
for (const sym of [MARSHAL_JSON, MARSHAL_YAML]) {
  Object.defineProperty(SemverVersionValue.prototype, sym, {
    value(this: SemverVersionValue): string {
      return this.version.toString();
    },
  });
}
Object.defineProperty(SemverVersionValue.prototype, GO_TYPE, { value: "semver.Version" });
Object.defineProperty(SemverVersionValue.prototype, GO_METHODS, { value: VALUE_METHODS });
Object.defineProperty(SemverVersion.prototype, GO_TYPE, { value: "*semver.Version" });
Object.defineProperty(SemverVersion.prototype, GO_METHODS, { value: POINTER_METHODS });

function funcError(e: unknown): never {
  if (e instanceof SemverError) throw new FuncError(e.message);
  throw e;
}

/** Sprig's semver functions. */
export function semverFuncs(): Record<string, GoFunc> {
  return {
    semver: goFunc("string -> (*semver.Version, error)", (s: string) => {
      try {
        return SemverVersion.parse(s);
      } catch (e) {
        return funcError(e);
      }
    }),
    semverCompare: goFunc("string, string -> (bool, error)", (constraint: string, version: string) => {
      try {
        const c = parseConstraint(constraint);
        return c.check(parseVersion(version));
      } catch (e) {
        return funcError(e);
      }
    }),
  };
}
