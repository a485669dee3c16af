/**
 * Charts as Helm loads them: directories and .tgz archives (limits and
 * path safety included), Chart.yaml metadata and its validation, values
 * files, `.Chart` (MetadataAsMap) and `.Files` for templates.
 */
export * from "./types.ts";
export { loadChart, loadArchive, loadDirectory, ChartLoadError, DEFAULT_LOAD_LIMITS, type LoadLimits } from "./load.ts";
export { parseMetadata, parseLock, validateMetadata, sanitizeString, ValidationError, type DecodedMetadata } from "./metadata.ts";
export { metadataAsMap } from "./metadata-map.ts";
export { newFiles, type Files } from "./files.ts";
export { loadValues, mergeMaps, splitYamlDocuments, ValuesError } from "./values.ts";
export { helmGlob, compileGlob, type Glob } from "./glob.ts";
export { IgnoreRules, filepathMatch } from "./ignore.ts";
export { GoYamlError } from "./gostruct.ts";
