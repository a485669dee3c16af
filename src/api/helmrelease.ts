/**
 * The HelmRelease API's identity. The CRD in crds/ must agree with these
 * (a unit test checks), and every other folder names the API through them.
 */
export const GROUP = "bosun.dev";
export const VERSION = "v1alpha1";
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = "HelmRelease";
export const PLURAL = "helmreleases";
export const CRD_NAME = `${PLURAL}.${GROUP}`;

/** The field manager bosun uses for every server-side apply. */
export const FIELD_MANAGER = "bosun";
