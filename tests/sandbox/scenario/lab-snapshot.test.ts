import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLab, restoreLab, grade, setupExercise, SAMPLE_EXERCISES, type Lab } from '../../../sandbox/index';

const byId = (id: string) => SAMPLE_EXERCISES.find((s) => s.id === id)!;

/** A lab that has been used: a deployment, a deleted route, a nested shell, some history. */
function usedLab(seed = 3): Lab {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  for (const line of [
    'kubectl create deploy web --image=nginx --replicas=4',
    'kubectl scale deploy web --replicas=5',
  ]) lab.step(line);
  lab.advance(20_000);
  const m02 = lab.cluster!.nodes()[1]!;
  lab.step(`minikube ssh -n ${m02.name}`);
  lab.step('sudo ip route del 10.244.0.0/24');
  lab.step('false');
  return lab;
}

describe('lab snapshots', () => {
  it('a restored lab has the same cluster, place, $?, history and clock', () => {
    const lab = usedLab();
    const restored = restoreLab({}, JSON.parse(JSON.stringify(lab.snapshot())));
    if (!restored.ok) throw new Error(restored.error);
    const again = restored.lab;
    expect(again.cluster!.toJSON()).toEqual(lab.cluster!.toJSON());
    expect(again.context()).toBe(lab.context());
    expect(again.context()).toMatch(/^node\//);
    expect(again.exec('echo $?').output).toBe('1\n');
    expect(again.exec('history').output).toBe(lab.exec('history').output);
    expect(again.now()).toBe(lab.now());
    // Both go on alike: the same lines give the same answers.
    for (const line of ['ip route', 'exit', 'kubectl get pods -o wide', 'kubectl debug node/multinode-demo -it --image=busybox']) {
      expect(again.step(line)).toEqual(lab.step(line));
    }
  });

  it('the name counter is kept: a debugger started after a restore gets the next name, not the first one again', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 5 });
    const first = lab.step('kubectl debug node/multinode-demo -it --image=busybox').output;
    lab.step('exit');
    const restored = restoreLab({}, lab.snapshot());
    if (!restored.ok) throw new Error(restored.error);
    const fromRestored = restored.lab.step('kubectl debug node/multinode-demo -it --image=busybox').output;
    const fromOriginal = lab.step('kubectl debug node/multinode-demo -it --image=busybox').output;
    expect(fromRestored).toBe(fromOriginal);
    expect(fromRestored).not.toBe(first);
  });

  it('a laptop lab keeps having no cluster, and keeps the one minikube start made', () => {
    const lab = createLab({ scenario: 'laptop', seed: 2 });
    lab.advance(1234);
    const empty = restoreLab({}, lab.snapshot());
    expect(empty.ok && empty.lab.cluster).toBe(null);
    expect(empty.ok && empty.lab.now()).toBe(1234);
    lab.step('minikube start --nodes 3 -p multinode-demo');
    lab.advance(30_000);
    const started = restoreLab({}, lab.snapshot());
    if (!started.ok) throw new Error(started.error);
    expect(started.lab.exec('kubectl get nodes -o wide').output).toBe(lab.exec('kubectl get nodes -o wide').output);
  });

  it.each([
    [null, 'lab should be a group of fields'],
    [{ format: 'podlab-lab', version: 9 }, 'lab.version is 9, this Podlab reads version 1'],
    ['{"format":"podlab-lab"}', 'lab should be a group of fields'],
  ])('refuses %j with the reason', (value, reason) => {
    const r = restoreLab({}, value);
    expect(r).toEqual({ ok: false, error: reason });
  });

  it('refuses a snapshot whose log names an operation this engine does not have', () => {
    const snap = usedLab().snapshot();
    snap.cluster!.log.push({ at: 0, op: 'formatDisk', args: [] });
    const r = restoreLab({}, snap);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/could not be rebuilt: unknown operation formatDisk/);
  });

  it('refuses a snapshot asking for more nodes than minikube would make', () => {
    const snap = usedLab().snapshot();
    snap.cluster!.origin.nodes = 1e7;
    expect(restoreLab({}, snap)).toEqual({ ok: false, error: 'lab.cluster.origin.nodes should be a whole number from 1 to 100' });
  });

  it('any damage to a snapshot is refused or restores; never throws', () => {
    const base = JSON.stringify(usedLab(1).snapshot());
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.string({ maxLength: 3 }), (at, junk) => {
        let value: unknown;
        try {
          value = JSON.parse(base.slice(0, at) + junk + base.slice(at + 1));
        } catch {
          return;
        }
        const r = restoreLab({}, value);
        if (r.ok) r.lab.exec('kubectl get pods');
      }),
      { numRuns: 150 },
    );
  });
});

describe('exercise setup through the lab', () => {
  it('runs on the laptop while the learner is inside a node, and leaves them there', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 4 });
    lab.step('minikube ssh');
    const before = lab.context();
    const spec = { ...byId('node-next-hop-to-peer-pod'), setup: { lines: ['kubectl create deploy shop --image=nginx --replicas=3'] } };
    const set = setupExercise(spec, lab);
    expect('error' in set).toBe(false);
    expect(lab.context()).toBe(before);
    expect(lab.cluster!.deployments().some((d) => d.name === 'shop')).toBe(true);
    expect(!('error' in set) && set.transcript).toMatch(/^\$ kubectl create deploy shop --image=nginx --replicas=3\ndeployment.apps\/shop created$/);
    expect(lab.exec('history').output).not.toContain('create deploy shop');
  });

  it('a second setup of the same lines counts them as done', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 4 });
    const spec = { ...byId('node-next-hop-to-peer-pod'), setup: { lines: ['kubectl create deploy shop --image=nginx --replicas=3', 'kubectl expose deploy shop --port=80'] } };
    expect('error' in setupExercise(spec, lab)).toBe(false);
    const again = setupExercise(spec, lab);
    if ('error' in again) throw new Error(again.error);
    expect(again.transcript.match(/already there: nothing to do/g)?.length).toBe(2);
  });

  it('a line that fails for another reason stops the setup with kubectl\'s message', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 4 });
    const spec = { ...byId('node-next-hop-to-peer-pod'), setup: { lines: ['kubectl scale deploy nope --replicas=2'] } };
    expect(setupExercise(spec, lab)).toEqual({ error: 'setup line "kubectl scale deploy nope --replicas=2" failed: Error from server (NotFound): deployments.apps "nope" not found' });
  });

  it('looking around with a debug pod or an exec shell does not count as changing the cluster', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 6 });
    const spec = byId('node-next-hop-to-peer-pod');
    const set = setupExercise(spec, lab);
    if ('error' in set) throw new Error(set.error);
    const pod = lab.cluster!.pods('default')[0]!.name;
    for (const line of ['kubectl debug node/multinode-demo -it --image=busybox', 'ip route', 'exit', `kubectl exec -it ${pod} -- sh`, 'exit', 'minikube ssh', 'ip route get 10.244.1.2', 'exit']) lab.step(line);
    lab.advance(60_000);
    const r = grade(spec, lab.cluster!, 'via 1.2.3.4', { baseline: set.baseline });
    expect(r.changed).toBe(false);
    expect(r.feedback).not.toMatch(/changed the cluster/);
    // ...while deleting a route does.
    lab.step('minikube ssh');
    // A refused change changes nothing...
    expect(lab.step('sudo ip route add 10.99.0.0/16 via 10.1.1.1').output).toBe('Error: Nexthop has invalid gateway.\n');
    expect(grade(spec, lab.cluster!, 'via 1.2.3.4', { baseline: set.baseline }).changed).toBe(false);
    lab.step(`sudo ip route add 10.99.0.0/16 via ${lab.cluster!.state.network.gateway}`);
    const after = grade(spec, lab.cluster!, 'via 1.2.3.4', { baseline: set.baseline });
    expect(after.changed).toBe(true);
  });
});
