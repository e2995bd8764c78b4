import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';
import { grade, playSolution, setupExercise, SAMPLE_EXERCISES, validateExercises, type Answer } from '../../../sandbox/grading';
import type { ExerciseSpec } from '../../../sandbox/grading/spec';

const SEEDS = Array.from({ length: 20 }, (_, i) => i);

function play(spec: ExerciseSpec, seed: number) {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  const set = setupExercise(spec, lab);
  if ('error' in set) throw new Error(set.error);
  const engine = lab.cluster!;
  const played = playSolution(spec, engine, (line) => lab.step(line).output);
  if ('error' in played) throw new Error(played.error);
  return { lab, engine, answer: played.answer, baseline: set.baseline };
}

/** Wrong answers built from the learner's own cluster. */
function wrongAnswers(spec: ExerciseSpec, engine: NonNullable<ReturnType<typeof createLab>['cluster']>, right: Answer): string[] {
  const gw = engine.state.network.gateway;
  const nodes = engine.nodes().map((n) => n.internalIP);
  switch (spec.kind) {
    case 'route-fact': {
      if (spec.ask.includes('via')) {
        const text = String(right);
        const via = /via (\S+)/.exec(text)![1]!;
        return [
          ...nodes.filter((ip) => ip !== via).map((ip) => `via ${ip} dev eth0`),
          `via ${gw} dev eth0`, gw, `via ${via} dev docker0`, `via ${via} dev veth1234abcd`,
        ];
      }
      return [...nodes.map((ip) => `src ${ip}`), `src ${gw}`];
    }
    case 'path': {
      const text = String(right);
      const segs = text.split(' -> ');
      // The peer node replaced by the default gateway (the packet does not go there).
      const viaGateway = segs.map((x, i) => (i === segs.length - 3 ? x.replace(/^\S+/, gw) : x)).join(' -> ');
      return [segs.slice().reverse().join(' -> '), segs.slice(0, -1).join(' -> '), viaGateway];
    }
    case 'predict': return ['arrives: no; source: 10.244.0.3; ttl: 62; hops: 3', `arrives: yes; source: ${nodes[0]}; ttl: 64; hops: 1`];
    case 'classify': return ['pod', 'none'].map((c) => (String(right).startsWith(c) ? 'service' : c));
    case 'fix-it': return ['b', 'c'];
    case 'choice': return ['b', 'c'];
    case 'service-backends': {
      const items = String(right).split(/\s+/).filter(Boolean).map((x) => x.replace(/:\d+$/, ''));
      // One pod left out, a node's address, the ClusterIP itself, and nothing at all.
      return [[...new Set(items)].slice(1).join(', '), `${items.join(', ')}, ${nodes[0]}`, engine.services().find((x) => x.name === 'nginx')!.clusterIP, 'none'];
    }
    case 'dns-answer': {
      const svc = engine.services().find((x) => x.name === 'kubernetes')!.clusterIP;
      return String(right) === 'timeout' ? ['NXDOMAIN', svc, '10.96.0.10'] : ['NXDOMAIN', 'timeout', svc, `${right}, ${svc}`];
    }
    case 'service-chain': {
      const chains = String(right).split(' -> ');
      return [chains.slice().reverse().join(' -> '), chains.slice(0, -1).join(' -> '), ['PREROUTING', ...chains.slice(1)].join(' -> '), chains.map((c) => (c.startsWith('KUBE-SEP') ? 'KUBE-SEP-AAAAAAAAAAAAAAAA' : c)).join(' -> ')];
    }
  }
}

describe('every sample exercise is valid', () => {
  it('validates', () => {
    expect(validateExercises(SAMPLE_EXERCISES)).toMatchObject({ ok: true });
  });
});

describe.each(SAMPLE_EXERCISES.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
  it.each(SEEDS)('seed %i: the reference answer is accepted and wrong ones are rejected', (seed) => {
    const { engine, answer, baseline } = play(spec, seed);
    const r = grade(spec, engine, answer, spec.kind === 'fix-it' ? { baseline } : { baseline: engine.log.length });
    expect(r.verdict, `${JSON.stringify(answer)}\n${r.feedback}`).toBe('correct');
    expect(r.changed).toBe(spec.kind === 'fix-it');
    for (const w of wrongAnswers(spec, engine, answer)) {
      const bad = grade(spec, engine, spec.kind === 'fix-it' ? { broken: w } : w);
      expect(bad.verdict, `accepted ${w}`).not.toBe('correct');
      expect(bad.feedback.length).toBeGreaterThan(0);
    }
  });
});

describe('answers come from the cluster, not the spec', () => {
  it.each(SAMPLE_EXERCISES.filter((s) => s.id === 'node-next-hop-to-peer-pod' || s.id === 'pod-to-pod-across-nodes'))('$id has at least two distinct correct answers over the seeds', (spec) => {
    const answers = new Set(SEEDS.map((seed) => JSON.stringify(play(spec, seed).answer).replace(/veth[0-9a-f]+|nginx-\S+? /g, '')));
    expect(answers.size).toBeGreaterThanOrEqual(2);
  });

  it('fix-it is not solved before the repair', () => {
    const spec = SAMPLE_EXERCISES.find((s) => s.kind === 'fix-it')!;
    const lab = createLab({ scenario: 'multinode-demo', seed: 4 });
    const set = setupExercise(spec, lab);
    if ('error' in set) throw new Error(set.error);
    lab.advance(30_000); // kindnet is stopped there: the route stays gone
    const r = grade(spec, lab.cluster!, { broken: 'a' }, set);
    expect(r.verdict).toBe('partly');
    expect(r.feedback).toContain('Not repaired yet');
    expect(r.feedback).toContain('follows the default route');
  });
});
