import { describe, expect, it } from 'vitest';
import { createLab, restoreLab, History, parseLabSnapshot, type Pty } from '../../sandbox/index';
import { createLabFront } from '../../sandbox/lab-front';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function record(pty: Pty): () => string {
  let out = '';
  pty.onData((d) => {
    out += d;
  });
  return () => out;
}

const LINES = ['kubectl get nodes -o wide', 'minikube ssh -n m02', 'ip route get 10.244.0.1', 'sudo ip route', 'echo $?', 'exit', 'history'];

describe('a lab front: the first prompt before the engine, the lines typed meanwhile run once the lab takes over', () => {
  it('prints byte for byte what a lab without a front does, with the same history and state', async () => {
    const direct = createLab({ scenario: 'multinode-demo', seed: 5, cols: 100 });
    const directOut = record(direct.pty);
    for (const line of LINES) direct.pty.write(`${line}\r`);

    const front = createLabFront({ cols: 100 });
    const out = record(front.pty);
    expect(out()).toBe('\x1b[J\x1b[01;32mlearner@laptop\x1b[00m:\x1b[01;34m~\x1b[00m$ ');
    for (const line of LINES) front.pty.write(`${line}\r`);
    // Only the first line shows, waiting; no output and no second prompt yet.
    expect(out().endsWith(`${LINES[0]}\r\n`)).toBe(true);
    expect(front.connected).toBe(false);
    const lab = createLab({ scenario: 'multinode-demo', seed: 5, front });
    expect(lab.pty).toBe(front.pty);
    await tick();
    expect(out()).toBe(directOut());
    expect(lab.snapshot()).toEqual(direct.snapshot());
  });

  it('a restored lab starts its front in the saved place with the saved history', async () => {
    const used = createLab({ scenario: 'multinode-demo', seed: 2 });
    for (const line of ['kubectl create deploy web --image=nginx --replicas=2', 'minikube ssh -n m03']) used.type(line);
    const saved = JSON.parse(JSON.stringify(used.snapshot())) as unknown;
    const parsed = parseLabSnapshot(saved);
    if (!parsed.ok) throw new Error(parsed.error);

    const front = createLabFront({ place: parsed.snapshot.places.at(-1), history: History.fromJSON(parsed.snapshot.history), banner: 'welcome back\n' });
    const out = record(front.pty);
    expect(out()).toBe('welcome back\r\n\x1b[J\x1b[01;32mdocker@multinode-demo-m03\x1b[00m:\x1b[01;34m~\x1b[00m$ ');
    front.pty.write('\x1b[A');
    expect(front.pty.line).toBe('minikube ssh -n m03');
    front.pty.write('\x15hostname\r');
    const restored = restoreLab({ front }, saved);
    if (!restored.ok) throw new Error(restored.error);
    await tick();
    expect(out()).toContain('hostname\r\nmultinode-demo-m03\r\n');
    expect(restored.lab.context()).toBe('node/multinode-demo-m03');
    expect(restored.lab.exec('history').output).toContain('hostname');
  });

  it('Ctrl-C before the lab took over still sets $? to 130', async () => {
    const front = createLabFront();
    front.pty.write('kubectl get no\x03');
    const lab = createLab({ scenario: 'laptop', front });
    await tick();
    expect(lab.exec('echo $?').output).toBe('130\n');
  });

  it('when the lab cannot be built, held lines say so instead of waiting forever', async () => {
    const front = createLabFront();
    const out = record(front.pty);
    front.pty.write('kubectl get nodes\r');
    front.fail('offline');
    await tick();
    expect(out()).toContain('podlab: the lab could not start (offline)\r\n');
    front.pty.write('echo hi\r');
    expect(out().split('the lab could not start (offline)')).toHaveLength(3);
  });

  it('a front takes one shell only', () => {
    const front = createLabFront();
    createLab({ scenario: 'laptop', front });
    expect(() => createLab({ scenario: 'laptop', front })).toThrow('already has its shell');
  });
});
