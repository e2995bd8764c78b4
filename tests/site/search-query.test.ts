import { describe, expect, it } from 'vitest';
import { MAX_QUERY, queryFromUrl } from '../../src/components/site/search';

describe('the search a /search/?q= address asks for', () => {
  it.each([
    ['?q=cni', 'cni'],
    ['?q=%20kube-proxy%20%20', 'kube-proxy'],
    ['?q=a%00b%1Bc%7Fd%0Ae', 'a b c d e'],
    ['?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', '<script>alert(1)</script>'],
    ['', ''],
    ['?x=1', ''],
    ['?q=%E0%A4%A', '\uFFFD%A'],
  ])('%s gives %j', (search, expected) => {
    expect(queryFromUrl(search)).toBe(expected);
  });

  it(`is cut to ${MAX_QUERY} characters`, () => {
    expect(queryFromUrl(`?q=${'x'.repeat(1_000_000)}`)).toHaveLength(MAX_QUERY);
  });
});
