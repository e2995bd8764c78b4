import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';
import { grade, reveal, setupExercise, SAMPLE_EXERCISES } from '../../../sandbox/grading';

const byId = (id: string) => SAMPLE_EXERCISES.find((s) => s.id === id)!;

function lab(id: string, seed = 0) {
  const l = createLab({ scenario: 'multinode-demo', seed });
  const set = setupExercise(byId(id), l);
  if ('error' in set) throw new Error(set.error);
  return { engine: l.cluster!, baseline: set.baseline };
}

describe('grade, seed 0 (the article cluster: nodes 192.168.103.2/.3/.4)', () => {
  const spec = byId('node-next-hop-to-peer-pod');
  it.each([
    ['via 192.168.103.2 dev eth0', 'correct'],
    ['via 192.168.103.2 dev docker0', 'partly'],
    ['via 192.168.103.4 dev eth0', 'partly'],
    ['via 192.168.103.1 dev docker0', 'wrong'],
  ])('%j is %s', (answer, verdict) => {
    const { engine } = lab(spec.id);
    expect(grade(spec, engine, answer).verdict).toBe(verdict);
  });

  it('a wrong next hop gets the routing table with the used route marked', () => {
    const { engine } = lab(spec.id);
    const r = grade(spec, engine, '192.168.103.1');
    expect(r.feedback).toContain('192.168.103.1 is the default gateway');
    expect(r.feedback).toMatch(/=> 10\.244\.0\.0\/24 via 192\.168\.103\.2 dev eth0 +# <= used: the longest prefix \(\/24\)/);
    expect(r.feedback).toContain('default via 192.168.103.1 dev eth0    # covers 10.244.0.3 but /0 is shorter than /24');
  });

  it('a deleted deployment makes the exercise unanswerable, and says so', () => {
    const { engine } = lab(spec.id);
    engine.deleteDeployment('nginx');
    const r = grade(spec, engine, '192.168.103.2');
    expect(r.verdict).toBe('unanswerable');
    expect(r.feedback).toContain('the cluster has no deployment nginx (was it deleted?)');
  });

  it('a changed cluster is graded as it is now, and the verdict says so', () => {
    const { engine, baseline } = lab(spec.id);
    expect(engine.ipRouteReplace('multinode-demo-m02', { dst: '10.244.0.0/24', via: '192.168.103.4' })).toEqual({ ok: true });
    const r = grade(spec, engine, 'via 192.168.103.4 dev eth0', { baseline });
    expect(r.changed).toBe(true);
    expect(r.feedback).toContain('graded as it is now');
  });

  it('a wrong path names the first step that parts from the real one', () => {
    const p = byId('pod-to-pod-across-nodes');
    const { engine } = lab(p.id);
    const r = grade(p, engine, 'pod eth0 -> node veth -> node eth0 -> node eth0 -> veth -> pod eth0');
    expect(r.verdict).toBe('partly');
    expect(r.feedback).toContain('The first 3 steps are right.');
    expect(r.feedback).toContain('Step 4: you wrote "node eth0", but there the packet is at node multinode-demo-m02 eth0');
    expect(grade(p, engine, 'pod eth0 -> node veth -> node eth0 -> peer node eth0 -> veth -> pod eth0').verdict).toBe('correct');
  });

  it('reveal fills in the learner\'s own values', () => {
    const { engine } = lab(spec.id);
    expect(reveal(spec, engine)).toContain('$ minikube ssh -n multinode-demo-m02');
    expect(reveal(spec, engine)).toContain('Answer: via 192.168.103.2 dev eth0');
  });
});
