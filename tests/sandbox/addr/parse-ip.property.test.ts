import { Address4 } from 'ip-address';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseIp, parseIpLoose } from '../../../sandbox/addr/ipv4';

/** The former implementation over ip-address: the oracle the hand-written parser must match. */
function oracle(text: string): number | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text) || !Address4.isValid(text)) return null;
  return Number(new Address4(text).bigInt());
}

/** The former parseIpLoose: 1 to 4 groups, padded with zeros, then the oracle. */
function looseOracle(text: string): number | null {
  if (!/^\d{1,3}(\.\d{1,3}){0,3}$/.test(text)) return null;
  const parts = text.split('.');
  while (parts.length < 4) parts.push('0');
  return oracle(parts.join('.'));
}

const octetText = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map(String),
  fc.stringMatching(/^[0-9]{0,4}$/),
  fc.constantFrom('0', '00', '01', '255', '256', '099', ' 1', '1 ', '+1', '-1', '١', 'a'),
);

it('parseIp accepts exactly what ip-address accepts for a dotted quad, with the same value; parseIpLoose pads short forms', () => {
  const quads = fc.array(octetText, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
  const noise = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', '/', ' ', 'x', ':'), maxLength: 18 });
  fc.assert(fc.property(fc.oneof(quads, noise), (text) => {
    expect(parseIp(text)).toBe(oracle(text));
    expect(parseIpLoose(text)).toBe(looseOracle(text));
  }), { numRuns: 20_000 });
});
