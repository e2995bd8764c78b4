/**
 * Kubernetes' generated names: utilrand.String's alphabet (no vowels, no
 * look-alike digits), pod-template-hash as SafeEncodeString of the decimal
 * FNV hash (here: a uint32 draw), UIDs as version-4 UUIDs.
 */
import { drawHex, drawString, drawU32, type DrawsState, type StreamName } from '../model/draws';

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export function podTemplateHash(d: DrawsState): string {
  return safeEncodeString(String(drawU32(d, 'names')));
}

/** The 5-character suffix of generateName (`nginx-5844775f89-` + suffix). */
export function nameSuffix(d: DrawsState, stream: StreamName = 'names'): string {
  return drawString(d, stream, SAFE_ALPHABET, 5);
}

export function newUid(d: DrawsState, stream: StreamName = 'names'): string {
  const h = drawHex(d, stream, 16);
  const v = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
