/**
 * Every random choice in the cluster is a "draw" from one of a few named
 * streams, each an sfc32 generator derived from the lab seed. Separate streams
 * keep, say, veth names from shifting pod names when a test adds one more veth.
 *
 * A stream may start with a fixture: values returned before the generator's
 * own. The article fixture (scenario/article-fixture.ts) uses this so seed 0
 * reproduces the published cluster while every controller stays generic.
 */
import { fnv1a, nextInt, nextU32, seedRng, type RngState } from './rng';

/**
 * `svc`: ClusterIP and NodePort allocation and service UIDs, so exposing a
 * service shifts no pod name, placement or veth of the article's script.
 * `addons`: the objects behind kube-system's pods (the coredns Deployment and
 * ReplicaSet), added without moving any bootstrap draw.
 */
export const STREAMS = ['bootstrap', 'names', 'sched', 'net', 'svc', 'addons'] as const;
export type StreamName = (typeof STREAMS)[number];

export type FixtureDraw = number | string;

export interface DrawsState {
  seed: number;
  streams: Record<StreamName, RngState>;
  /** Remaining fixture values per stream, consumed from the front. */
  fixture: Record<StreamName, FixtureDraw[]>;
}

export function createDraws(seed: number, fixture: Partial<Record<StreamName, FixtureDraw[]>> = {}): DrawsState {
  const streams = {} as Record<StreamName, RngState>;
  const fx = {} as Record<StreamName, FixtureDraw[]>;
  for (const name of STREAMS) {
    streams[name] = seedRng((seed ^ fnv1a(name)) >>> 0);
    fx[name] = [...(fixture[name] ?? [])];
  }
  return { seed, streams, fixture: fx };
}

/**
 * The next fixture value of `stream` if it fits the draw being made. A value
 * that does not fit (wrong kind, or out of range) means the learner has left
 * the article's script: the rest of that stream's fixture is dropped and the
 * seeded generator takes over, so nothing ever fails because of the fixture.
 */
function takeFixture(d: DrawsState, stream: StreamName, kind: 'number' | 'string', below?: number): FixtureDraw | undefined {
  const queue = d.fixture[stream];
  if (queue === undefined || queue.length === 0) {
    // A snapshot from before a stream existed: start that stream now, from the seed.
    d.streams[stream] ??= seedRng((d.seed ^ fnv1a(stream)) >>> 0);
    return undefined;
  }
  const head = queue[0];
  if (typeof head !== kind || (below !== undefined && (head as number) >= below)) {
    queue.length = 0;
    return undefined;
  }
  queue.shift();
  return head;
}

/** Starts `stream` from the seed if `d` predates it (a snapshot saved before the stream was added). */
export function ensureStream(d: DrawsState, stream: StreamName): void {
  d.streams[stream] ??= seedRng((d.seed ^ fnv1a(stream)) >>> 0);
  d.fixture[stream] ??= [];
}

/** Uniform integer in [0, n). */
export function drawInt(d: DrawsState, stream: StreamName, n: number): number {
  const f = takeFixture(d, stream, 'number', n);
  return f !== undefined ? (f as number) : nextInt(d.streams[stream], n);
}

export function drawU32(d: DrawsState, stream: StreamName): number {
  const f = takeFixture(d, stream, 'number');
  return f !== undefined ? (f as number) >>> 0 : nextU32(d.streams[stream]);
}

/** `len` characters from `alphabet`, like Kubernetes' utilrand.String. */
export function drawString(d: DrawsState, stream: StreamName, alphabet: string, len: number): string {
  const f = takeFixture(d, stream, 'string');
  if (f !== undefined) return f as string;
  let out = '';
  for (let i = 0; i < len; i++) out += alphabet[nextInt(d.streams[stream], alphabet.length)];
  return out;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A byte (0-255) as two lowercase hex digits. */
export function hexByte(b: number): string {
  return HEX_BYTES[b]!;
}

/**
 * One random byte, as each byte of drawHex: nextInt(stream, 256), which never
 * rejects (256 divides 2^32), so the low byte of the next output.
 */
export function drawByte(d: DrawsState, stream: StreamName): number {
  return nextU32(d.streams[stream]) & 255;
}

/** HEX_BYTES as character codes: byte b is HEX_CODES[2b], HEX_CODES[2b + 1]. */
const HEX_CODES = HEX_BYTES.flatMap((h) => [h.charCodeAt(0), h.charCodeAt(1)]);

/** Character codes of the id being drawn, one reused array per length (ids have a few fixed lengths). */
const hexScratch: number[][] = [];

/**
 * `bytes` random bytes as lowercase hex (veth names, MACs, sandbox ids). Made
 * in one piece from character codes rather than appended: `+=` leaves a rope
 * that V8 compares and hashes slowly, and these ids are compared often (IPAM
 * ownership, name lookups); a join of two-digit pieces allocates them first.
 */
export function drawHex(d: DrawsState, stream: StreamName, bytes: number): string {
  const rng = d.streams[stream];
  if (!(Number.isInteger(bytes) && bytes > 0 && bytes <= 64)) {
    const parts: string[] = [];
    for (let i = 0; i < bytes; i++) parts.push(HEX_BYTES[nextU32(rng) & 255]!);
    return parts.join('');
  }
  const codes = (hexScratch[bytes] ??= new Array<number>(2 * bytes).fill(0));
  for (let i = 0; i < bytes; i++) {
    const b = nextU32(rng) & 255; // drawByte
    codes[2 * i] = HEX_CODES[2 * b]!;
    codes[2 * i + 1] = HEX_CODES[2 * b + 1]!;
  }
  return String.fromCharCode.apply(null, codes);
}
