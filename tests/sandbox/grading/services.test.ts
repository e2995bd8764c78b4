import { describe, expect, it } from 'vitest';
import { createLab, grade, setupExercise, SAMPLE_EXERCISES, type ExerciseSpec } from '../../../sandbox/index';

const byId = (id: string) => SAMPLE_EXERCISES.find((s) => s.id === id)!;

function started(spec: ExerciseSpec, seed = 0) {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  const set = setupExercise(spec, lab);
  if ('error' in set) throw new Error(set.error);
  return { lab, engine: lab.cluster!, baseline: set.baseline };
}

const nginxIps = (engine: ReturnType<typeof started>['engine']) =>
  engine.pods('default').filter((p) => p.labels.app === 'nginx' && p.ip).map((p) => p.ip!).sort();

describe('service exercises grade against the rules on the source node', () => {
  it('a stopped kube-proxy keeps stale endpoints: the truth follows the node, not the API', () => {
    const spec: ExerciseSpec = { ...byId('service-backends-from-a-pod'), setup: { lines: byId('service-backends-from-a-pod').setup!.lines!, faults: [{ fault: 'kube-proxy-stopped', on: 'worker-1' }] } };
    const { lab, engine, baseline } = started(spec, 4);
    const before = nginxIps(engine);
    expect(before).toHaveLength(3);
    // Scale down: the API keeps one pod, but worker-1's rules were written for three.
    lab.exec('kubectl scale deploy nginx --replicas=1');
    lab.advance(20_000);
    const left = nginxIps(engine);
    expect(left).toHaveLength(1);
    const current = grade(spec, engine, left.join(', '), { baseline });
    expect(current.verdict).toBe('partly');
    expect(current.feedback).toMatch(/no pod has this address now: a stale rule/);
    expect(grade(spec, engine, before.join(', '), { baseline }).verdict).toBe('correct');
  });

  it('a service without endpoints: "none" is right and the feedback names the REJECT', () => {
    const spec = byId('service-backends-from-a-pod');
    const { lab, engine, baseline } = started(spec, 2);
    lab.exec('kubectl create service clusterip empty --tcp=80:80');
    const empty: ExerciseSpec = { ...spec, subjects: { ...spec.subjects, svc: { service: 'default/empty' } } };
    const r = grade(empty, engine, 'none', { baseline });
    expect(r.verdict).toBe('correct');
    expect(r.feedback).toMatch(/REJECTs it \(the service has no ready endpoints\)/);
    expect(grade(empty, engine, nginxIps(engine)[0]!, { baseline }).verdict).toBe('wrong');
  });

  it('the chain answer takes any of the service\'s endpoint chains, and says where a wrong hook goes', () => {
    const spec = byId('service-chain-from-a-node');
    const { engine, baseline } = started(spec, 5);
    const node = engine.nodes()[2]!.name;
    const save = engine.state.iptables[node]!.nat.rules;
    const svcChain = save.find((r) => r.chain === 'KUBE-SERVICES' && r.spec.includes(`${engine.services().find((s) => s.name === 'nginx')!.clusterIP}/32`))!.spec.at(-1)!;
    const seps = save.filter((r) => r.chain === svcChain && r.spec.at(-1)!.startsWith('KUBE-SEP-')).map((r) => r.spec.at(-1)!);
    expect(seps).toHaveLength(3);
    for (const sep of seps) expect(grade(spec, engine, `KUBE-SERVICES -> ${svcChain} -> ${sep}`, { baseline }).verdict).toBe('correct');
    const wrongHook = grade(spec, engine, `PREROUTING -> KUBE-SERVICES -> ${svcChain} -> ${seps[0]}`, { baseline });
    expect(wrongHook.verdict).toBe('partly');
    expect(wrongHook.feedback).toMatch(/meets the nat table in OUTPUT, not PREROUTING: it is the node's own packet/);
    expect(grade(spec, engine, `KUBE-SERVICES -> ${svcChain}`, { baseline }).verdict).toBe('partly');
  });

  it('a name that does not exist is NXDOMAIN, and a lookup with CoreDNS gone is a timeout', () => {
    const spec = byId('dns-service-short-name');
    const { lab, engine, baseline } = started(spec, 6);
    const missing: ExerciseSpec = { ...spec, name: 'no-such-service' } as ExerciseSpec;
    expect(grade(missing, engine, 'NXDOMAIN', { baseline }).verdict).toBe('correct');
    expect(grade(missing, engine, 'timeout', { baseline }).verdict).toBe('wrong');
    lab.exec('kubectl scale deploy coredns -n kube-system --replicas=0');
    const r = grade(spec, engine, 'timeout', { baseline });
    expect(r.verdict).toBe('correct');
    expect(r.changed).toBe(true);
  });
});
