import { expect, pinArticleSeed, readyLab, terminalLines, test, typeInTerminal } from './fixtures';

/** The source article's walk-through, typed into the browser lab key by key. */
test('the article demo runs end to end in the browser lab', async ({ page }) => {
  test.slow();
  await pinArticleSeed(page);
  await page.goto('/lessons/practice/');
  const lab = await readyLab(page);
  const run = async (line: string, expectOutput: (lines: string[]) => void) => {
    await typeInTerminal(page, lab, line);
    await page.keyboard.press('Enter');
    await expect(async () => {
      const lines = await terminalLines(lab);
      const at = lines.map((l, i) => (l.endsWith(`$ ${line}`) || l.endsWith(`# ${line}`) ? i : -1)).filter((i) => i >= 0).at(-1);
      expect(at, `the line "${line}" is on screen`).toBeDefined();
      expectOutput(lines.slice((at as number) + 1));
    }).toPass();
  };

  await run('kubectl create deploy nginx --image=rancher/hello-world --replicas=3', (out) => expect(out[0]).toBe('deployment.apps/nginx created'));
  await run('kubectl get pods -o wide', (out) => {
    expect(out[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    expect(out[1]).toMatch(/^nginx-5844775f89-4nnwf +1\/1 +Running +0 +\d+s +10\.244\.0\.3 +multinode-demo +<none> +<none>$/);
    expect(out[2]).toMatch(/^nginx-5844775f89-9ptln +1\/1 +Running +0 +\d+s +10\.244\.2\.2 +multinode-demo-m03 /);
    expect(out[3]).toMatch(/^nginx-5844775f89-r6tkk +1\/1 +Running +0 +\d+s +10\.244\.1\.2 +multinode-demo-m02 /);
  });
  await run('kubectl debug node/multinode-demo -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11', (out) => {
    expect(out[0]).toMatch(/^Creating debugging pod node-debugger-multinode-demo-[a-z0-9]{5} with container debugger on node multinode-demo\.$/);
    expect(out[1]).toBe("If you don't see a command prompt, try pressing enter.");
    expect(out[2]).toBe('root@multinode-demo:/#');
  });
  await run('ip route get 10.244.1.2', (out) => expect(out.slice(0, 2)).toEqual(['10.244.1.2 via 192.168.103.3 dev eth0 src 192.168.103.2 uid 0', '    cache']));
  await run('route -n', (out) => expect(out).toContain('10.244.2.0      192.168.103.4   255.255.255.0   UG    0      0        0 eth0'));
  await run('exit', (out) => expect(out.at(-1)).toBe('learner@laptop:~$'));
  await run('minikube ssh -n m02', (out) => expect(out[0]).toBe('docker@multinode-demo-m02:~$'));
  await run('ip route', (out) => {
    expect(out[0]).toBe('default via 192.168.103.1 dev eth0');
    expect(out).toContain('10.244.0.0/24 via 192.168.103.2 dev eth0');
    expect(out).toContain('10.244.2.0/24 via 192.168.103.4 dev eth0');
  });
  await run('ping -c 1 10.244.2.2', (out) => expect(out[1]).toMatch(/^64 bytes from 10\.244\.2\.2: icmp_seq=1 ttl=63 time=\d+\.\d+ ms$/));
  await run('exit', (out) => expect(out.slice(0, 2)).toEqual(['logout', 'learner@laptop:~$']));
});
