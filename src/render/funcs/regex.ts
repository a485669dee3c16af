/**
 * Sprig's regular expression functions (regex.go) on Go's RE2 syntax (see
 * re2.ts). The plain variants use regexp.MustCompile, so a bad pattern
 * panics ("regexp: Compile(`…`): error parsing regexp: …"), except
 * regexMatch, which returns false; the must* variants return the parse error.
 */
import { FuncError, GoInt, goFunc, type GoFunc, typedSlice } from "../../template/index.ts";
import { compile, findAllString, findString, type GoRegexp, matchString, mustCompileMessage, quoteMeta, RegexpSyntaxError, replaceAll, split } from "./re2.ts";

/** regexp.MustCompile. */
function mustCompile(expr: string): GoRegexp {
  try {
    return compile(expr);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) throw new FuncError(mustCompileMessage(expr, e));
    throw e;
  }
}

/** regexp.Compile, failing the call with the parse error. */
function compileOrFail(expr: string): GoRegexp {
  try {
    return compile(expr);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) throw new FuncError(e.message);
    throw e;
  }
}

const strings = (v: string[]): string[] => typedSlice(v, "string");

/** A Go int count as a JS number (counts beyond 2^53 behave like "all"). */
function count(n: GoInt): number {
  return Number(n.value);
}

export const REGEX_FUNCS: Record<string, GoFunc> = {
  regexMatch: goFunc("string, string -> bool", (regex: string, s: string) => {
    try {
      return matchString(compile(regex), s);
    } catch (e) {
      if (e instanceof RegexpSyntaxError) return false;
      throw e;
    }
  }),
  mustRegexMatch: goFunc("string, string -> (bool, error)", (regex: string, s: string) => matchString(compileOrFail(regex), s)),
  regexFindAll: goFunc("string, string, int -> []string", (regex: string, s: string, n: GoInt) => strings(findAllString(mustCompile(regex), s, count(n)))),
  mustRegexFindAll: goFunc("string, string, int -> ([]string, error)", (regex: string, s: string, n: GoInt) => strings(findAllString(compileOrFail(regex), s, count(n)))),
  regexFind: goFunc("string, string -> string", (regex: string, s: string) => findString(mustCompile(regex), s)),
  mustRegexFind: goFunc("string, string -> (string, error)", (regex: string, s: string) => findString(compileOrFail(regex), s)),
  regexReplaceAll: goFunc("string, string, string -> string", (regex: string, s: string, repl: string) => replaceAll(mustCompile(regex), s, repl, false)),
  mustRegexReplaceAll: goFunc("string, string, string -> (string, error)", (regex: string, s: string, repl: string) => replaceAll(compileOrFail(regex), s, repl, false)),
  regexReplaceAllLiteral: goFunc("string, string, string -> string", (regex: string, s: string, repl: string) => replaceAll(mustCompile(regex), s, repl, true)),
  mustRegexReplaceAllLiteral: goFunc("string, string, string -> (string, error)", (regex: string, s: string, repl: string) =>
    replaceAll(compileOrFail(regex), s, repl, true),
  ),
  regexSplit: goFunc("string, string, int -> []string", (regex: string, s: string, n: GoInt) => strings(split(mustCompile(regex), s, count(n)))),
  mustRegexSplit: goFunc("string, string, int -> ([]string, error)", (regex: string, s: string, n: GoInt) => strings(split(compileOrFail(regex), s, count(n)))),
  regexQuoteMeta: goFunc("string -> string", quoteMeta),
};
