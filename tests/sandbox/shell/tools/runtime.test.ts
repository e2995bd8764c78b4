import { describe, expect, it } from 'vitest';
import { unitsHumanDuration } from '../../../../sandbox/shell/format/runtime';
import { at, demoCluster, N1, N2, N3 } from './helpers';

describe('docker ps on a node (docker user, docker group)', () => {
  it('lists only the local node\'s containers in docker\'s layout', () => {
    const e = demoCluster();
    const { output, exitCode } = at.ssh(e, N2).run('docker ps');
    expect(exitCode).toBe(0);
    const lines = output.split('\n');
    expect(lines[0]).toBe('CONTAINER ID   IMAGE                       COMMAND                  CREATED              STATUS              PORTS     NAMES');
    const nginx = e.pods().find((p) => p.node === N2 && p.name.startsWith('nginx'))!;
    const kindnet = e.pods().find((p) => p.node === N2 && p.name.startsWith('kindnet'))!;
    expect(output).toContain(`${nginx.sandboxId!.slice(0, 12)}   registry.k8s.io/pause:3.8   "/pause"                 About a minute ago   Up About a minute             k8s_POD_${nginx.name}_default_${nginx.uid}_0\n`);
    expect(output).toMatch(new RegExp(`\\n[0-9a-f]{12}   [0-9a-f]{12}                "/docker-entrypoint\\.…"   About a minute ago   Up About a minute             k8s_nginx_${nginx.name}_default_${nginx.uid}_0\\n`));
    expect(output).toMatch(new RegExp(`\\n[0-9a-f]{12}   [0-9a-f]{12}                "/bin/kindnetd"          10 minutes ago       Up 10 minutes                 k8s_kindnet-cni_${kindnet.name}_kube-system_${kindnet.uid}_0\\n`));
    // 3 pods on m02 (nginx, kindnet, kube-proxy): a pause container and one container each.
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + 6);
    expect(output).not.toContain('kube-apiserver');
    expect(at.ssh(e, N1).run('docker ps').output).toContain('"kube-apiserver --ad…"');
  });

  it('-q prints the ids; unknown commands and flags as docker says them', () => {
    const e = demoCluster();
    const s = at.ssh(e, N3);
    expect(s.run('docker ps -q').output).toMatch(/^([0-9a-f]{12}\n){6}$/);
    expect(s.run('docker pss')).toEqual({ output: "docker: 'pss' is not a docker command.\nSee 'docker --help'\n", exitCode: 1 });
    expect(s.run('docker ps --bogus')).toEqual({ output: "unknown flag: --bogus\nSee 'docker ps --help'.\n", exitCode: 125 });
  });

  it('exists on nodes only', () => {
    expect(at.pod(demoCluster(), '10.244.0.3').run('docker ps').exitCode).toBe(127);
  });
});

describe('crictl on a node', () => {
  it('needs root to reach cri-dockerd', () => {
    expect(at.ssh(demoCluster(), N2).run('crictl ps')).toEqual({
      exitCode: 1,
      output: 'FATA[0000] unable to determine runtime API version: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/cri-dockerd.sock: connect: permission denied" \n',
    });
  });

  it('sudo crictl ps: the v1.25 table', () => {
    const e = demoCluster();
    const { output, exitCode } = at.ssh(e, N2).run('sudo crictl ps');
    expect(exitCode).toBe(0);
    const nginx = e.pods().find((p) => p.node === N2 && p.name.startsWith('nginx'))!;
    expect(output.split('\n')[0]).toBe('CONTAINER           IMAGE               CREATED              STATE               NAME                ATTEMPT             POD ID              POD');
    expect(output).toMatch(new RegExp(`\\n?[0-9a-f]{13}       [0-9a-f]{13}       About a minute ago   Running             nginx               0                   ${nginx.sandboxId!.slice(0, 13)}       ${nginx.name}\\n`));
    expect(output.trim().split('\n')).toHaveLength(4);
  });

  it('sudo crictl pods: the v1.25 table', () => {
    const e = demoCluster();
    const out = at.root(e, N2).run('crictl pods').output;
    const nginx = e.pods().find((p) => p.node === N2 && p.name.startsWith('nginx'))!;
    expect(out.split('\n')[0]).toBe('POD ID              CREATED              STATE               NAME                     NAMESPACE           ATTEMPT             RUNTIME');
    expect(out).toContain(`${nginx.sandboxId!.slice(0, 13)}       About a minute ago   Ready               ${nginx.name}   default             0                   (default)\n`);
  });
});

describe('go-units HumanDuration', () => {
  it.each([
    [500, 'Less than a second'], [1000, '1 second'], [59_000, '59 seconds'], [60_000, 'About a minute'], [119_000, 'About a minute'],
    [120_000, '2 minutes'], [3_599_000, '59 minutes'], [3_600_000, 'About an hour'], [5_400_000, '2 hours'], [47 * 3_600_000, '47 hours'],
    [48 * 3_600_000, '2 days'], [15 * 86_400_000, '2 weeks'], [61 * 86_400_000, '2 months'], [800 * 86_400_000, '2 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(unitsHumanDuration(ms)).toBe(text);
  });
});
