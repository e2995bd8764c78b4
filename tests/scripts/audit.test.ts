import { describe, expect, it } from 'vitest';
import { classify } from '../../scripts/audit.mjs';

const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } } });

describe('scripts/audit.mjs tells a clean audit from one that never ran', () => {
  it('no high or critical advisory is clean, whatever the lower ones', () => {
    expect(classify({ status: 0, stdout: report({ moderate: 2 }), stderr: '' })).toEqual({
      kind: 'clean',
      summary: 'no high or critical advisories in production dependencies (lower: 0 info, 0 low, 2 moderate)',
    });
  });

  it('a high advisory is listed with its title and address', () => {
    const vulnerabilities = {
      undici: { name: 'undici', severity: 'high', range: '<6.21.1', fixAvailable: true, via: [{ title: 'Use of insufficiently random values', url: 'https://github.com/advisories/GHSA-x' }] },
      astro: { name: 'astro', severity: 'high', range: '5.0.0 - 5.1.0', fixAvailable: false, via: ['undici'] },
      ms: { name: 'ms', severity: 'low', via: [] },
    };
    const result = classify({ status: 1, stdout: report({ high: 2, low: 1 }, vulnerabilities), stderr: '' });
    expect(result.kind).toBe('advisories');
    expect(result.findings).toEqual([
      'high: undici <6.21.1 - Use of insufficiently random values (https://github.com/advisories/GHSA-x) [fix available]',
      'high: astro 5.0.0 - 5.1.0 - through undici',
    ]);
  });

  it.each([
    ['a proxy that refuses the audit POST (this machine)', { status: 1, stdout: JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } }), stderr: 'npm error audit endpoint returned an error' }, /HTTP 405/],
    ['no network at all', { status: 1, stdout: JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org', detail: '' } }), stderr: '' }, /ENOTFOUND/],
    ['a registry mirror without the audit API', { status: 1, stdout: '', stderr: 'npm error Your configured registry (https://mirror.example/) does not support audit requests.' }, /did not answer/],
    ['no answer in time', { status: null, stdout: '', stderr: '', timedOut: true }, /time limit/],
  ])('%s is "unreachable", never clean', (_, run, summary) => {
    const result = classify(run);
    expect(result.kind).toBe('unreachable');
    expect(result.summary).toMatch(summary);
  });

  it('a problem on this side is an error', () => {
    expect(classify({ status: 1, stdout: JSON.stringify({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } }), stderr: '' }).kind).toBe('error');
    expect(classify({ status: 1, stdout: 'not json', stderr: 'npm error something else broke' })).toEqual({ kind: 'error', summary: 'npm audit failed (exit 1): npm error something else broke' });
  });
});
