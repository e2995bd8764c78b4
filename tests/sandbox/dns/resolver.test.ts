/**
 * The stub resolvers' walks through the search list. Expected query
 * sequences were recorded from real programs in a network namespace whose
 * resolv.conf is a pod's (nameserver 10.96.0.10, search default.svc.cluster.local
 * svc.cluster.local cluster.local, ndots:5), against a responder answering as
 * CoreDNS does (NXDOMAIN in cluster.local, SERVFAIL outside): glibc 2.36
 * getaddrinfo (python3 socket.getaddrinfo, iputils ping), BIND 9.18.49
 * nslookup, busybox 1.35 nslookup. The same programs' results are pinned in
 * nslookup.test.ts and getent.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseResolvConf, glibcSearch, type ResolvConf } from '../../../sandbox/shell/commands/net/dns';
import { candidatesFor } from '../../../sandbox/shell/commands/nslookup';

const POD: ResolvConf = parseResolvConf('nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');

/** A server like the one the recordings were made against. */
function server(names: Record<string, 'found' | 'nodata'>, timeout = false) {
  const asked: string[] = [];
  const ask = (fqdn: string): Parameters<typeof glibcSearch>[2] extends (f: string) => infer S ? S : never => {
    asked.push(fqdn);
    if (timeout) return { kind: 'timeout' } as const;
    const hit = names[fqdn];
    if (hit === 'found') return { kind: 'found', response: { rcode: 'NOERROR', aa: true, ra: false, answer: [], authority: [], additional: [] } };
    if (hit === 'nodata') return { kind: 'nodata' } as const;
    return fqdn.endsWith('cluster.local') ? ({ kind: 'nxdomain' } as const) : ({ kind: 'servfail' } as const);
  };
  return { ask, asked };
}

describe('resolv.conf parsing', () => {
  it('reads nameserver, search and ndots', () => {
    expect(POD).toEqual({ nameservers: ['10.96.0.10'], search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 });
    expect(parseResolvConf('nameserver 192.168.103.1\noptions ndots:0\n')).toEqual({ nameservers: ['192.168.103.1'], search: [], ndots: 0 });
  });
});

describe('glibc res_search', () => {
  it('a short name: every search domain, then the name as is; SERVFAIL there is EAI_AGAIN ("Temporary failure in name resolution")', () => {
    const s = server({});
    expect(glibcSearch('nosuch', POD, s.ask)).toEqual({ ok: false, herrno: 'TRY_AGAIN' });
    expect(s.asked).toEqual(['nosuch.default.svc.cluster.local', 'nosuch.svc.cluster.local', 'nosuch.cluster.local', 'nosuch']);
  });

  it('four dots is still below ndots:5: the domains come first, and NXDOMAIN for the name as is means EAI_NONAME', () => {
    const s = server({});
    expect(glibcSearch('nosuch.default.svc.cluster.local', POD, s.ask)).toEqual({ ok: false, herrno: 'HOST_NOT_FOUND' });
    expect(s.asked).toEqual([
      'nosuch.default.svc.cluster.local.default.svc.cluster.local', 'nosuch.default.svc.cluster.local.svc.cluster.local',
      'nosuch.default.svc.cluster.local.cluster.local', 'nosuch.default.svc.cluster.local',
    ]);
  });

  it('stops at the first candidate that answers', () => {
    const s = server({ 'nginx.default.svc.cluster.local': 'found' });
    expect(glibcSearch('nginx', POD, s.ask)).toMatchObject({ ok: true, fqdn: 'nginx.default.svc.cluster.local' });
    expect(s.asked).toEqual(['nginx.default.svc.cluster.local']);
  });

  it('a final dot means the name alone', () => {
    const s = server({});
    expect(glibcSearch('x.y.default.svc.cluster.local.', POD, s.ask)).toEqual({ ok: false, herrno: 'HOST_NOT_FOUND' });
    expect(s.asked).toEqual(['x.y.default.svc.cluster.local']);
  });

  it('a name that existed without an address anywhere on the way ends in NO_DATA ("No address associated with hostname")', () => {
    const s = server({ 'default.svc.cluster.local': 'nodata' });
    expect(glibcSearch('default', POD, s.ask)).toEqual({ ok: false, herrno: 'NO_DATA' });
  });

  it('a timeout gives up the search domains but still tries the name as is', () => {
    const s = server({}, true);
    expect(glibcSearch('nginx', POD, s.ask)).toEqual({ ok: false, herrno: 'TRY_AGAIN' });
    expect(s.asked).toEqual(['nginx.default.svc.cluster.local', 'nginx']);
  });

  it('with ndots or more dots, the name as is comes first', () => {
    const s = server({});
    glibcSearch('a.b.c.d.e.f', POD, s.ask);
    expect(s.asked[0]).toBe('a.b.c.d.e.f');
  });
});

describe('BIND nslookup and dig +search', () => {
  it.each([
    ['nginx', ['nginx.default.svc.cluster.local', 'nginx.svc.cluster.local', 'nginx.cluster.local', 'nginx']],
    ['kubernetes.default', ['kubernetes.default.default.svc.cluster.local', 'kubernetes.default.svc.cluster.local', 'kubernetes.default.cluster.local', 'kubernetes.default']],
    // Recorded: "x.nosuch.default.svc.cluster.local" (5 dots) was asked once, as is; a final dot likewise.
    ['x.nosuch.default.svc.cluster.local', ['x.nosuch.default.svc.cluster.local']],
    ['kubernetes.default.svc.cluster.local.', ['kubernetes.default.svc.cluster.local']],
  ])('%s', (name, expected) => {
    expect(candidatesFor(name, POD.search, POD.ndots)).toEqual(expected);
  });
});
