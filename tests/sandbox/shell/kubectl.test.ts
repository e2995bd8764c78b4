import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';

function run(line: string, scenario: 'multinode-demo' | 'laptop' = 'multinode-demo', advance = 0) {
  const lab = createLab({ scenario });
  lab.advance(advance);
  return lab.exec(line);
}

describe('kubectl get nodes on the walking-skeleton cluster', () => {
  it('prints the article\'s three nodes at the demo moment', () => {
    expect(run('kubectl get nodes')).toEqual({
      exitCode: 0,
      output: [
        'NAME                 STATUS   ROLES           AGE     VERSION',
        'multinode-demo       Ready    control-plane   9m55s   v1.25.2',
        'multinode-demo-m02   Ready    <none>          9m12s   v1.25.2',
        'multinode-demo-m03   Ready    <none>          8m48s   v1.25.2',
        '',
      ].join('\n'),
    });
  });

  it('prints the wide columns with the article\'s node values', () => {
    expect(run('kubectl get nodes -o wide').output).toBe([
      'NAME                 STATUS   ROLES           AGE     VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION       CONTAINER-RUNTIME',
      'multinode-demo       Ready    control-plane   9m55s   v1.25.2   192.168.103.2   <none>        Ubuntu 20.04.5 LTS   4.15.0-193-generic   docker://20.10.18',
      'multinode-demo-m02   Ready    <none>          9m12s   v1.25.2   192.168.103.3   <none>        Ubuntu 20.04.5 LTS   4.15.0-193-generic   docker://20.10.18',
      'multinode-demo-m03   Ready    <none>          8m48s   v1.25.2   192.168.103.4   <none>        Ubuntu 20.04.5 LTS   4.15.0-193-generic   docker://20.10.18',
      '',
    ].join('\n'));
  });

  it('ages follow the virtual clock', () => {
    expect(run('kubectl get nodes', 'multinode-demo', 5_000).output).toContain('control-plane   10m ');
  });

  it.each([
    ['kubectl get no -owide', 'INTERNAL-IP'],
    ['kubectl get node/multinode-demo-m02 -o name', 'node/multinode-demo-m02\n'],
    ['kubectl get nodes multinode-demo --output=name', 'node/multinode-demo\n'],
  ])('%s', (line, expected) => {
    const result = run(line);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(expected);
  });
});

describe('kubectl errors print as the real ones do', () => {
  it.each([
    ['kubectl get pdos', 1, 'error: the server doesn\'t have a resource type "pdos"\n'],
    ['kubectl get nodes nope', 1, 'Error from server (NotFound): nodes "nope" not found\n'],
    ['kubectl gt nodes', 1, 'error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tcp\n\tget\n\tset\n'],
    ['kubectl get nodes --bogus', 1, "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"],
    ['kubectl get nodes -z', 1, "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"],
    ['kubectl get nodes -o', 1, "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n"],
  ])('%s', (line, code, output) => {
    expect(run(line)).toEqual({ exitCode: code, output });
  });

  it('asks for a resource type when none is given', () => {
    const result = run('kubectl get');
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^You must specify the type of resource to get\./);
    expect(result.output).toContain('error: Required resource not specified.\n');
  });

  it('rejects an unknown output format with the list kubectl allows', () => {
    const result = run('kubectl get nodes -o table');
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^error: unable to match a printer suitable for the output format "table", allowed formats are: custom-columns,.*,wide,yaml\n$/);
  });

  it('on a laptop with no cluster, kubectl cannot reach a server', () => {
    expect(run('kubectl get nodes', 'laptop')).toEqual({
      exitCode: 1,
      output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
    });
  });
});
