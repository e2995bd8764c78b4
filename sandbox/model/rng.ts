/**
 * The one pseudo-random generator of the sandbox: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, as in PractRand), seeded through splitmix32 so
 * that small neighbouring seeds give unrelated streams. Its whole state is four
 * uint32s, so it serialises as a plain array.
 */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seedRng(seed: number): RngState {
  const sm = splitmix32(seed);
  const state: RngState = [sm(), sm(), sm(), sm()];
  // Discard the first outputs: sfc32's authors recommend warming up the counter.
  for (let i = 0; i < 12; i++) nextU32(state);
  return state;
}

/** Advances `state` in place and returns a uint32. */
export function nextU32(state: RngState): number {
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = ((c << 21) | (c >>> 11)) >>> 0;
  c = (c + t) >>> 0;
  state[0] = a >>> 0;
  state[1] = b >>> 0;
  state[2] = c;
  state[3] = d;
  return t;
}

/** Uniform integer in [0, n) without modulo bias (rejection sampling). */
export function nextInt(state: RngState, n: number): number {
  if (n <= 0 || n > 0x100000000) throw new RangeError(`nextInt: bad bound ${n}`);
  const limit = 0x100000000 - (0x100000000 % n);
  for (;;) {
    const x = nextU32(state);
    if (x < limit) return x % n;
  }
}

/** FNV-1a of a string, used to derive per-purpose stream seeds from one seed. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
