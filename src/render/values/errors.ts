/** Errors of values processing, carrying Helm's message. */

/** An error while reading, combining, coalescing or checking values, with Helm's message. */
export class ValuesError extends Error {}
