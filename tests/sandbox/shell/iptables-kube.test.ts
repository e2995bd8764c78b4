/**
 * `iptables -L/-S` and `iptables-save` over kube-proxy's tables, line by line
 * against real output. Sources:
 *  [local]  iptables v1.8.9 run here in a network namespace on the same rules
 *           (`iptables -t nat -L`, `-nvL`, `-S`, `iptables-save`); where 1.8.9
 *           differs from 1.8.4 (it prints the protocol as a number with -n) the
 *           1.8.4 form comes from the published outputs below.
 *  [pub-n]  a published `iptables -t nat -L KUBE-SERVICES -n` of a cluster with
 *           10.96.0.1 / 10.96.0.10: `KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  0.0.0.0/0            10.96.0.1 ...`.
 *  [pub-nv] a published `iptables --list -nv -t nat` (`    0     0 KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  *      *       0.0.0.0/0 ...`).
 *  [v1.26]  a published `iptables -L` of a v1.26.5 kubeadm node (KUBE-FIREWALL lines).
 *  [np]     a published `iptables -L | grep -i my-nodeport-service` after `kubectl create service
 *           nodeport my-nodeport-service --tcp=8080:80` (no endpoints): the KUBE-EXTERNAL-SERVICES line
 *           `REJECT     tcp  --  anywhere             anywhere             ` + comment + ` ADDRTYPE match
 *           dst-type LOCAL tcp dpt:31736 reject-with icmp-port-unreachable` and the KUBE-SERVICES one
 *           `REJECT     tcp  --  anywhere             10.96.16.42          ` + comment + ` tcp dpt:http reject-with icmp-port-unreachable`.
 * The tests/conformance suite compares these printers with iptables itself on the engine's own tables.
 */
import { describe, expect, it } from 'vitest';
import { svcChainName } from '../../../sandbox/control/kube-proxy';
import type { Engine } from '../../../sandbox/engine';
import { at, demoCluster, N1, N2 } from './tools/helpers';

function cluster(): Engine {
  const e = demoCluster();
  e.exposeService('deployment', 'nginx', { port: 80 });
  e.createService({ name: 'empty', type: 'NodePort', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'none' }, labels: {} });
  return e;
}
const run = (e: Engine, line: string, node = N2) => at.root(e, node).run(line);
const lines = (text: string) => text.split('\n');

describe('iptables -L', () => {
  it('KUBE-SERVICES with -n: [pub-n]', () => {
    const out = run(cluster(), 'iptables -t nat -L KUBE-SERVICES -n').output;
    expect(lines(out).slice(0, 2)).toEqual(['Chain KUBE-SERVICES (2 references)', 'target     prot opt source               destination         ']);
    expect(out).toContain('KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  0.0.0.0/0            10.96.0.1            /* default/kubernetes:https cluster IP */ tcp dpt:443\n');
    expect(out).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU  udp  --  0.0.0.0/0            10.96.0.10           /* kube-system/kube-dns:dns cluster IP */ udp dpt:53\n');
    expect(out.endsWith('KUBE-NODEPORTS  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL\n')).toBe(true);
  });

  it('-nvL: zero counters and the interface columns: [pub-nv]', () => {
    const out = run(cluster(), 'iptables -nvL KUBE-SERVICES -t nat').output;
    expect(lines(out)[1]).toBe(' pkts bytes target     prot opt in     out     source               destination         ');
    expect(out).toContain('    0     0 KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  *      *       0.0.0.0/0            10.96.0.1            /* default/kubernetes:https cluster IP */ tcp dpt:443\n');
    expect(run(cluster(), 'iptables -t nat -nvL PREROUTING').output.split('\n')[0]).toBe('Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)');
  });

  it('without -n: anywhere, service names for ports, the masquerade and mark targets: [local]', () => {
    const e = cluster();
    const svc = svcChainName('kube-system/kube-dns:dns-tcp', 'tcp');
    expect(run(e, `iptables -t nat -L ${svc}`).output).toBe(
      `Chain ${svc} (1 references)\n` +
        'target     prot opt source               destination         \n' +
        'KUBE-MARK-MASQ  tcp  -- !10.244.0.0/16        10.96.0.10           /* kube-system/kube-dns:dns-tcp cluster IP */ tcp dpt:domain\n' +
        `KUBE-SEP-IT2ZTR26TO4XFPTO  all  --  anywhere             anywhere             /* kube-system/kube-dns:dns-tcp -> 10.244.0.2:53 */\n`,
    );
    expect(run(e, 'iptables -t nat -L KUBE-SEP-IT2ZTR26TO4XFPTO').output).toBe(
      'Chain KUBE-SEP-IT2ZTR26TO4XFPTO (1 references)\n' +
        'target     prot opt source               destination         \n' +
        'KUBE-MARK-MASQ  all  --  10.244.0.2           anywhere             /* kube-system/kube-dns:dns-tcp */\n' +
        'DNAT       tcp  --  anywhere             anywhere             /* kube-system/kube-dns:dns-tcp */ tcp to:10.244.0.2:53\n',
    );
    expect(run(e, 'iptables -t nat -L KUBE-POSTROUTING').output).toBe(
      'Chain KUBE-POSTROUTING (1 references)\n' +
        'target     prot opt source               destination         \n' +
        'RETURN     all  --  anywhere             anywhere             mark match ! 0x4000/0x4000\n' +
        'MARK       all  --  anywhere             anywhere             MARK xor 0x4000\n' +
        'MASQUERADE  all  --  anywhere             anywhere             /* kubernetes service traffic requiring SNAT */ random-fully\n',
    );
    expect(run(e, 'iptables -t nat -L KUBE-MARK-MASQ').output).toMatch(/^Chain KUBE-MARK-MASQ \(\d+ references\)\ntarget {5}prot opt source {15}destination {9}\nMARK {7}all  --  anywhere {13}anywhere {13}MARK or 0x4000\n$/);
  });

  it('statistic lines: [local]', () => {
    const out = run(cluster(), `iptables -t nat -L ${svcChainName('default/nginx', 'tcp')} -n`).output;
    expect(out).toMatch(/\nKUBE-SEP-[A-Z2-7]{16}  all  --  0\.0\.0\.0\/0            0\.0\.0\.0\/0            \/\* default\/nginx -> 10\.244\.\d+\.\d+:80 \*\/ statistic mode random probability 0\.33333333349\n/);
    expect(out).toMatch(/statistic mode random probability 0\.50000000000\n/);
  });

  it('the filter table: [v1.26], [np], [local]', () => {
    const e = cluster();
    expect(run(e, 'iptables -L KUBE-FIREWALL').output).toBe(
      'Chain KUBE-FIREWALL (2 references)\n' +
        'target     prot opt source               destination         \n' +
        'DROP       all  -- !localhost/8          localhost/8          /* block incoming localnet connections */ ! ctstate RELATED,ESTABLISHED,DNAT\n' +
        'DROP       all  --  anywhere             anywhere             /* kubernetes firewall for dropping marked packets */ mark match 0x8000/0x8000\n',
    );
    const np = e.services().find((s) => s.name === 'empty')!.ports[0]!.nodePort!;
    expect(run(e, 'iptables -L KUBE-EXTERNAL-SERVICES').output).toContain(
      `REJECT     tcp  --  anywhere             anywhere             /* default/empty has no endpoints */ ADDRTYPE match dst-type LOCAL tcp dpt:${np} reject-with icmp-port-unreachable\n`,
    );
    const ip = e.services().find((s) => s.name === 'empty')!.clusterIP;
    expect(run(e, 'iptables -L KUBE-SERVICES').output).toContain(
      `REJECT     tcp  --  anywhere             ${ip.padEnd(19)}  /* default/empty has no endpoints */ tcp dpt:http reject-with icmp-port-unreachable\n`,
    );
    expect(run(e, 'iptables -L OUTPUT').output).toContain('KUBE-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes service portals */\n');
    // Empty user chains and the policy line; chains separated by one blank line.
    expect(run(e, 'iptables -L').output).toMatch(/^Chain INPUT \(policy ACCEPT\)\n[\s\S]*\n\nChain KUBE-PROXY-CANARY \(0 references\)\ntarget {5}prot opt source {15}destination {9}\n\nChain KUBE-PROXY-FIREWALL/);
  });

  it('--line-numbers and a rule number', () => {
    const e = cluster();
    const out = run(e, 'iptables -t nat -L POSTROUTING --line-numbers -n').output;
    expect(lines(out)[1]).toBe('num  target     prot opt source               destination         ');
    expect(lines(out)[2]).toBe('1    KUBE-POSTROUTING  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes postrouting rules */');
    expect(run(e, 'iptables -t nat -S POSTROUTING 1').output).toBe('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n');
  });
});

describe('iptables -S and iptables-save', () => {
  it('-S quotes a comment unless it is made of letters, digits, - and _ ([local]: --comment x, --comment "default/my-nginx")', () => {
    const out = run(cluster(), 'iptables -t nat -S').output;
    expect(out).toContain(' -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 10.244.');
    expect(out).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully\n');
  });

  it('iptables-save writes mangle, filter and nat, each with its header and COMMIT', () => {
    const out = run(cluster(), 'iptables-save').output;
    const tables = [...out.matchAll(/^\*(\w+)$/gm)].map((m) => m[1]);
    expect(tables).toEqual(['mangle', 'filter', 'nat']);
    expect(out).toContain('*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n');
    expect(out.match(/^# Generated by iptables-save v1\.8\.4 on /gm)).toHaveLength(3);
    expect(run(cluster(), 'iptables-save -c -t nat').output).toContain('\n[0:0] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
  });
});

describe('errors', () => {
  it.each([
    ['iptables -t nat -L NOPE', 'iptables: No chain/target/match by that name.\n', 1],
    ['iptables -t nat -L -S', "iptables v1.8.4 (legacy): Cannot use -S with -L\n\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
    ['iptables -t nat', "iptables v1.8.4 (legacy): no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
    ['iptables -t', 'iptables v1.8.4 (legacy): option "-t" requires an argument\nTry `iptables -h\' or \'iptables --help\' for more information.\n', 2],
    ['iptables -L INPUT extra', "Bad argument `extra'\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
  ])('%s', (line, output, exitCode) => {
    expect(run(cluster(), line, N1)).toEqual({ output, exitCode });
  });
});
