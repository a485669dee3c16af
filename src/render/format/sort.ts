/**
 * Go's sort.Sort (pattern-defeating quicksort, Go ≥ 1.19) and the map key
 * orders of go-yaml v2 and v3.
 *
 * go-yaml sorts map keys with a "natural" order that is not transitive for
 * some key sets, so the result depends on the exact sequence of comparisons
 * and swaps: matching Go byte for byte requires Go's algorithm, not just
 * its comparison.
 */

type Less<T> = (a: T, b: T) => boolean;

/** sort.Sort: sorts `data` in place exactly as Go's sort.Sort would, given the same Less. */
export function goSort<T>(data: T[], less: Less<T>): void {
  const n = data.length;
  if (n <= 1) return;
  pdqsort(data, less, 0, n, bitsLen(n));
}

function bitsLen(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

function swap(d: unknown[], i: number, j: number): void {
  const t = d[i];
  d[i] = d[j];
  d[j] = t;
}

function lessAt<T>(d: T[], less: Less<T>, i: number, j: number): boolean {
  return less(d[i] as T, d[j] as T);
}

function insertionSort<T>(d: T[], less: Less<T>, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && lessAt(d, less, j, j - 1); j--) swap(d, j, j - 1);
  }
}

function siftDown<T>(d: T[], less: Less<T>, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && lessAt(d, less, first + child, first + child + 1)) child++;
    if (!lessAt(d, less, first + root, first + child)) return;
    swap(d, first + root, first + child);
    root = child;
  }
}

function heapSort<T>(d: T[], less: Less<T>, a: number, b: number): void {
  const first = a;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(d, less, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    swap(d, first, first + i);
    siftDown(d, less, 0, i, first);
  }
}

const INCREASING = 1;
const DECREASING = 2;
const UNKNOWN = 0;

function pdqsort<T>(d: T[], less: Less<T>, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(d, less, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(d, less, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(d, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(d, less, a, b);
    if (hint === DECREASING) {
      reverseRange(d, a, b);
      pivot = b - 1 - (pivot - a);
      hint = INCREASING;
    }
    if (wasBalanced && wasPartitioned && hint === INCREASING) {
      if (partialInsertionSort(d, less, a, b)) return;
    }
    if (a > 0 && !lessAt(d, less, a - 1, pivot)) {
      a = partitionEqual(d, less, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(d, less, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(d, less, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(d, less, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition<T>(d: T[], less: Less<T>, a: number, b: number, pivot: number): [number, boolean] {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && lessAt(d, less, i, a)) i++;
  while (i <= j && !lessAt(d, less, j, a)) j--;
  if (i > j) {
    swap(d, j, a);
    return [j, true];
  }
  swap(d, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && lessAt(d, less, i, a)) i++;
    while (i <= j && !lessAt(d, less, j, a)) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  swap(d, j, a);
  return [j, false];
}

function partitionEqual<T>(d: T[], less: Less<T>, a: number, b: number, pivot: number): number {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !lessAt(d, less, a, i)) i++;
    while (i <= j && lessAt(d, less, a, j)) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort<T>(d: T[], less: Less<T>, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !lessAt(d, less, i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(d, i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!lessAt(d, less, j, j - 1)) break;
        swap(d, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!lessAt(d, less, j, j - 1)) break;
        swap(d, j, j - 1);
      }
    }
  }
  return false;
}

const U64 = (1n << 64n) - 1n;

function breakPatterns(d: unknown[], a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const modulus = BigInt(1 << bitsLen(length)) - 1n;
  const base = a + Math.trunc(length / 4) * 2;
  for (let idx = base - 1; idx <= base + 1; idx++) {
    random ^= (random << 13n) & U64;
    random ^= random >> 7n;
    random ^= (random << 17n) & U64;
    let other = Number(random & modulus);
    if (other >= length) other -= length;
    swap(d, idx, a + other);
  }
}

function choosePivot<T>(d: T[], less: Less<T>, a: number, b: number): [number, number] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  const q = Math.trunc(l / 4);
  let i = a + q;
  let j = a + q * 2;
  let k = a + q * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(d, less, i - 1, i, i + 1, swaps);
      j = median(d, less, j - 1, j, j + 1, swaps);
      k = median(d, less, k - 1, k, k + 1, swaps);
    }
    j = median(d, less, i, j, k, swaps);
  }
  if (swaps.n === 0) return [j, INCREASING];
  if (swaps.n === maxSwaps) return [j, DECREASING];
  return [j, UNKNOWN];
}

function median<T>(d: T[], less: Less<T>, a: number, b: number, c: number, swaps: { n: number }): number {
  const order2 = (x: number, y: number): [number, number] => {
    if (lessAt(d, less, y, x)) {
      swaps.n++;
      return [y, x];
    }
    return [x, y];
  };
  const [a1, b1] = order2(a, b);
  const [b2] = order2(b1, c);
  const [, b3] = order2(a1, b2);
  return b3;
}

function reverseRange(d: unknown[], a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) swap(d, i, j);
}

// ---------------------------------------------------------------------------
// go-yaml's map key order (sorter.go), for string keys: a "natural" order
// where letters sort before non-letters and digit runs compare numerically.

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return LETTER.test(String.fromCodePoint(r));
}

function isDigit(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return DIGIT.test(String.fromCodePoint(r));
}

function runes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    // A lone surrogate is U+FFFD once the string is UTF-8.
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

/** int64 arithmetic an*10 + (r - '0') over a digit run, wrapping like Go. */
function accumulate(ar: Runes, i: number, start: bigint): [bigint, number] {
  let n = start;
  let k = i;
  // Short ASCII runs fit a double exactly; long or non-ASCII ones use int64 wrapping.
  let small = Number(start);
  let exact = true;
  for (; k < ar.length && isDigit(ar.at(k)); k++) {
    const d = ar.at(k) - 0x30;
    if (exact && d >= 0 && d <= 9 && small < 1e14) small = small * 10 + d;
    else {
      if (exact) n = BigInt(small);
      exact = false;
      n = BigInt.asIntN(64, n * 10n + BigInt(d));
    }
  }
  return [exact ? BigInt(small) : n, k];
}

/** Code point access to a key: the string itself when it has no surrogates. */
interface Runes {
  readonly length: number;
  at(i: number): number;
}

class BmpRunes implements Runes {
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }
  get length(): number {
    return this.s.length;
  }
  at(i: number): number {
    return this.s.charCodeAt(i);
  }
}

class ArrayRunes implements Runes {
  private readonly r: number[];
  constructor(r: number[]) {
    this.r = r;
  }
  get length(): number {
    return this.r.length;
  }
  at(i: number): number {
    return this.r[i] ?? 0;
  }
}

function toRunes(s: string): Runes {
  return /[\ud800-\udfff]/.test(s) ? new ArrayRunes(runes(s)) : new BmpRunes(s);
}

function makeKeyLess(v3: boolean): Less<Runes> {
  return (ar, br) => {
    let digits = false;
    const n = Math.min(ar.length, br.length);
    for (let i = 0; i < n; i++) {
      const ca = ar.at(i);
      const cb = br.at(i);
      if (ca === cb) {
        if (v3) digits = isDigit(ca);
        continue;
      }
      const al = isLetter(ca);
      const bl = isLetter(cb);
      if (al && bl) return ca < cb;
      if (al || bl) return digits ? al : bl;
      let start = 0n;
      if (ca === 0x30 || cb === 0x30) {
        for (let j = i - 1; j >= 0 && isDigit(ar.at(j)); j--) {
          if (ar.at(j) !== 0x30) {
            start = 1n;
            break;
          }
        }
      }
      const [an, ai] = accumulate(ar, i, start);
      const [bn, bi] = accumulate(br, i, start);
      if (an !== bn) return an < bn;
      if (ai !== bi) return ai < bi;
      return ca < cb;
    }
    return ar.length < br.length;
  };
}

const lessV2 = makeKeyLess(false);
const lessV3 = makeKeyLess(true);

/**
 * String map keys in go-yaml's order (v2 or v3 keyList.Less), sorted with
 * Go's sort.Sort starting from `keys` in the given order. The order matters
 * only when the comparison is not transitive; Go starts from its map
 * iteration order, which is random, so for such key sets Go itself is not
 * deterministic.
 */
export function sortYamlKeys(keys: readonly string[], v3: boolean): string[] {
  if (keys.length <= 1) return [...keys];
  const items = keys.map((k) => ({ k, r: toRunes(k) }));
  const less = v3 ? lessV3 : lessV2;
  goSort(items, (a, b) => less(a.r, b.r));
  return items.map((i) => i.k);
}
