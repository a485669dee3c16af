// A fetch for OciClient that records every request ("METHOD url"), so tests
// can count what the client sends to a real registry.
import type { FetchFn } from "../../src/source/index.ts";

export function countingFetch(): { fetch: FetchFn; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (url, init) => {
      urls.push(`${init.method ?? "GET"} ${url}`);
      return fetch(url, init);
    },
  };
}
