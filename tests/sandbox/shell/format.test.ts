import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../sandbox/shell/format/age';
import { tabulate } from '../../../sandbox/shell/format/tabwriter';
import { ctime, rfc1123z, rfc3339 } from '../../../sandbox/shell/format/kube-time';

describe('humanDuration prints ages like kubectl', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-2500, '<invalid>'],
    [14_000, '14s'],
    [119_999, '119s'],
    [120_000, '2m'],
    [595_000, '9m55s'],
    [600_000, '10m'],
    [179 * 60_000 + 59_000, '179m'],
    [3 * 3600_000, '3h'],
    [5 * 3600_000 + 26 * 60_000, '5h26m'],
    [8 * 3600_000, '8h'],
    [26 * 3600_000 + 59 * 60_000, '26h'],
    [48 * 3600_000, '2d'],
    [(4 * 24 + 12) * 3600_000, '4d12h'],
    [8 * 24 * 3600_000, '8d'],
    [400 * 24 * 3600_000, '400d'],
    [(2 * 365 + 3) * 24 * 3600_000, '2y3d'],
    [9 * 365 * 24 * 3600_000, '9y'],
  ])('%i ms -> %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('tabulate aligns like kubectl\'s tabwriter', () => {
  it('pads each column to its widest cell plus three spaces and leaves the last cell unpadded', () => {
    expect(tabulate([
      ['NAME', 'READY', 'AGE'],
      ['nginx-5844775f89-4nnwf', '1/1', '14s'],
    ])).toBe('NAME                     READY   AGE\nnginx-5844775f89-4nnwf   1/1     14s\n');
  });

  it('never makes a column narrower than six cells', () => {
    expect(tabulate([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y\n');
  });
});

describe('wall-clock renderings of the virtual clock share one epoch', () => {
  it.each([
    [0, '2022-10-24T09:00:00Z', 'Mon, 24 Oct 2022 09:00:00 +0000', 'Mon Oct 24 09:00:00 2022'],
    [595_000, '2022-10-24T09:09:55Z', 'Mon, 24 Oct 2022 09:09:55 +0000', 'Mon Oct 24 09:09:55 2022'],
    [11 * 86_400_000, '2022-11-04T09:00:00Z', 'Fri, 04 Nov 2022 09:00:00 +0000', 'Fri Nov  4 09:00:00 2022'],
    [70 * 86_400_000 + 15 * 3_600_000, '2023-01-03T00:00:00Z', 'Tue, 03 Jan 2023 00:00:00 +0000', 'Tue Jan  3 00:00:00 2023'],
  ])('%i ms', (ms, rfc3339Text, rfc1123Text, ctimeText) => {
    expect(rfc3339(ms)).toBe(rfc3339Text);
    expect(rfc1123z(ms)).toBe(rfc1123Text);
    expect(ctime(ms)).toBe(ctimeText);
  });
});
