/**
 * Go text/template for TypeScript: lexer, parser, executor, Go's fmt, and
 * the builtin functions. No Helm knowledge lives here: Helm's functions come
 * in through `Template.funcs`.
 */
export { Template, type FuncMap, type FuncMapEntry } from "./template.ts";
export { ExecError, LimitError } from "./errors.ts";
export { TemplateParseError } from "./parse.ts";
export { DEFAULT_LIMITS, type Limits, type MissingKey } from "./exec.ts";
export { FuncError, GoFunc, goFunc, ANY, REFLECT_VALUE, type GoType } from "./func.ts";
export { sprint, sprintf, sprintln } from "./fmt.ts";
export * from "./value.ts";
// Go standard-library pieces the engine implements and Helm's functions reuse.
export { canBackquote, decodeRune, formatFloat, formatInt, isPrint, quote, quoteRune, quoteToASCII, type FloatFormat } from "./strconv.ts";
export { parseFloat64, parseInt64, parseUint, unquote } from "./literal.ts";
export { sprintPrintable } from "./fmt.ts";
