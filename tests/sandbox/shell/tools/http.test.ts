import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLab, type Engine } from '../../../../sandbox/index';
import { podPlace } from '../../../../sandbox/shell/places';
import { at, demoCluster, N1, N2, shellAt } from './helpers';

/** The article's deployment: `kubectl create deploy nginx --image=rancher/hello-world --replicas=3`. */
function helloCluster(seed = 0): Engine {
  const e = createLab({ scenario: 'multinode-demo', seed }).cluster!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  e.advance(60_000);
  return e;
}

function helloPod(e: Engine, ip: string) {
  const p = e.pods().find((x) => x.ip === ip)!;
  return shellAt(e, podPlace(p, 'hello-world', 'rancher/hello-world'));
}

const REFUSED = (ip: string, port: number) => `curl: (7) Failed to connect to ${ip} port ${port}: Connection refused\n`;

describe('curl over the simulated network', () => {
  it.each([
    ['node 1 → pod on the same node', 'ssh', N1, '10.244.0.3'],
    ['node 1 → pod across nodes', 'ssh', N1, '10.244.2.2'],
    ['pod → pod across nodes', 'pod', '10.244.0.3', '10.244.1.2'],
    ['pod → itself', 'pod', '10.244.1.2', '10.244.1.2'],
  ])('%s gets the hello-world page with that pod\'s hostname', (_name, kind, from, to) => {
    const e = helloCluster();
    const s = kind === 'ssh' ? at.ssh(e, from) : at.pod(e, from);
    const pod = e.pods().find((p) => p.ip === to)!;
    const { output, exitCode } = s.run(`curl ${to}`);
    expect(exitCode).toBe(0);
    expect(output).toMatch(/^<html>\n  <head>\n    <title>Rancher<\/title>\n/);
    expect(output).toContain(`    <h1>Hello world!</h1>\n    <h3>My hostname is ${pod.name}</h3>\n    <div id='Services'>\n      <h3>k8s services found 1</h3>\n    \n      <b>KUBERNETES</b>tcp://10.96.0.1:443<br />\n`);
    expect(output).toContain(`      <b>Host:</b> ${to} <br />\n      <b>Pod:</b> ${pod.name} </b><br />\n    \n      <b>Accept</b>[*/*]<br />\n    \n      <b>User-Agent</b>[curl/7.68.0]<br />\n`);
    expect(output.endsWith('  </body>\n</html>')).toBe(true);
  });

  it.each([
    ['a port nothing listens on', 'curl 10.244.1.2:8080', REFUSED('10.244.1.2', 8080), 7],
    ['-s hides the error', 'curl -s 10.244.1.2:8080', '', 7],
    ['-sS shows it again', 'curl -sS 10.244.1.2:8080', REFUSED('10.244.1.2', 8080), 7],
    ['an unresolvable name', 'curl nginx', 'curl: (6) Could not resolve host: nginx\n', 6],
    ['no URL', 'curl', "curl: try 'curl --help' or 'curl --manual' for more information\n", 2],
    ['a malformed URL', "curl 'http://a b'", 'curl: (3) URL using bad/illegal format or missing URL\n', 3],
    ['localhost on a node: sshd is no HTTP server', 'curl localhost:22', 'curl: (1) Received HTTP/0.9 when not allowed\n', 1],
    ['an unknown option', 'curl --frobnicate 10.244.1.2', "curl: option --frobnicate: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2],
    ['-m without a number', 'curl -m x 10.244.1.2', "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2],
  ])('%s', (_name, line, output, exitCode) => {
    expect(at.ssh(helloCluster(), N1).run(line)).toEqual({ output, exitCode });
  });

  it('-v prints curl 7.68\'s connection log and the headers with CRLF', () => {
    const out = at.ssh(helloCluster(), N1).run('curl -v 10.244.1.2').output;
    expect(out).toMatch(
      /^\* {3}Trying 10\.244\.1\.2:80\.\.\.\n\* TCP_NODELAY set\n\* Connected to 10\.244\.1\.2 \(10\.244\.1\.2\) port 80 \(#0\)\n> GET \/ HTTP\/1\.1\r\n> Host: 10\.244\.1\.2\r\n> User-Agent: curl\/7\.68\.0\r\n> Accept: \*\/\*\r\n> \r\n\* Mark bundle as not supporting multiuse\n< HTTP\/1\.1 200 OK\r\n< Date: Mon, 24 Oct 2022 09:1\d:\d\d GMT\r\n< Content-Type: text\/html; charset=utf-8\r\n< Transfer-Encoding: chunked\r\n< \r\n<html>/,
    );
    expect(out.endsWith('</html>* Connection #0 to host 10.244.1.2 left intact\n')).toBe(true);
  });

  it('-v on a refused connection', () => {
    expect(at.ssh(helloCluster(), N1).run('curl -v 10.244.2.2:81').output).toBe(
      '*   Trying 10.244.2.2:81...\n* TCP_NODELAY set\n* connect to 10.244.2.2 port 81 failed: Connection refused\n* Failed to connect to 10.244.2.2 port 81: Connection refused\n* Closing connection 0\n' + REFUSED('10.244.2.2', 81),
    );
  });

  it('-I and -i: Go net/http headers (HEAD has no body, GET over 2 KiB is chunked)', () => {
    const s = at.ssh(helloCluster(), N1);
    expect(s.run('curl -sI 10.244.2.2').output).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: Mon, 24 Oct 2022 09:1\d:\d\d GMT\r\nContent-Type: text\/html; charset=utf-8\r\n\r\n$/);
    expect(s.run('curl -si 10.244.2.2').output).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: [^\r]+ GMT\r\nContent-Type: text\/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n<html>/);
  });

  it("-o /dev/null -w '%{http_code}' prints the meter on stderr and the code", () => {
    const s = at.ssh(helloCluster(), N1);
    expect(s.run("curl -s -o /dev/null -w '%{http_code}' 10.244.2.2")).toEqual({ output: '200', exitCode: 0 });
    const { output } = s.run("curl -o /dev/null -w '%{http_code}\\n' 10.244.2.2");
    expect(output).toMatch(
      /^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n {33}Dload {2}Upload {3}Total {3}Spent {4}Left {2}Speed\n100 {2}24\d\d {4}0 {2}24\d\d {4}0 {5}0 {2}[ \d]{4}[\dk] {6}0 --:--:-- --:--:-- --:--:-- [ \d]{4}[\dk]\n200\n$/,
    );
    expect(s.run("curl -s -o /dev/null -w '%{http_code}' 10.244.2.2:99")).toEqual({ output: '000', exitCode: 7 });
  });

  it('nginx pods: the welcome page and nginx headers; the nginx image has Debian\'s curl 7.74', () => {
    const e = demoCluster();
    const out = at.pod(e, '10.244.0.3', 'nginx').run('curl -i 10.244.2.2').output;
    expect(out).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.23\.2\r\nDate: [^\r]+\r\nContent-Type: text\/html\r\nContent-Length: 615\r\nLast-Modified: [^\r]+\r\nConnection: keep-alive\r\nETag: "[0-9a-f]+-267"\r\nAccept-Ranges: bytes\r\n\r\n<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!<\/title>/);
    expect(at.pod(e, '10.244.0.3', 'nginx').run('curl -sI 10.244.2.2/nope').output).toMatch(/^HTTP\/1\.1 404 Not Found\r\nServer: nginx\/1\.23\.2\r\n/);
    expect(at.pod(e, '10.244.0.3', 'nginx').run('curl -v 10.244.2.2').output).not.toContain('TCP_NODELAY');
  });

  it('a deleted cross-node route: the SYN vanishes, curl waits for the kernel (exit 7) or -m (exit 28)', () => {
    const e = helloCluster();
    expect(at.root(e, N1).run('ip route del 10.244.2.0/24').exitCode).toBe(0);
    const s = at.pod(e, '10.244.0.3');
    expect(s.run('curl 10.244.2.2')).toEqual({ output: 'curl: (7) Failed to connect to 10.244.2.2 port 80: Connection timed out\n', exitCode: 7 });
    expect(s.run('curl -m 5 10.244.2.2')).toEqual({ output: 'curl: (28) Connection timed out after 5001 milliseconds\n', exitCode: 28 });
    expect(s.run('curl --connect-timeout 2 10.244.2.2')).toEqual({ output: 'curl: (28) Connection timed out after 2001 milliseconds\n', exitCode: 28 });
    expect(s.run('curl 10.244.1.2').exitCode).toBe(0);
  });

  it('no default route either: the node cannot connect(), the pod gets ICMP net unreachable', () => {
    const e = helloCluster();
    const root = at.root(e, N1);
    expect(root.run('ip route del 10.244.2.0/24').exitCode).toBe(0);
    expect(root.run('ip route del default').exitCode).toBe(0);
    expect(at.ssh(e, N1).run('curl 10.244.2.2')).toEqual({ output: 'curl: (7) Failed to connect to 10.244.2.2 port 80: Network is unreachable\n', exitCode: 7 });
    expect(at.pod(e, '10.244.0.3').run('curl 10.244.2.2')).toEqual({ output: 'curl: (7) Failed to connect to 10.244.2.2 port 80: Network is unreachable\n', exitCode: 7 });
  });

  it('the apiserver on 8443: TLS verification fails without -k; -k gets the anonymous 403 over HTTP/2', () => {
    const e = helloCluster();
    const s = at.pod(e, '10.244.1.2');
    expect(s.run('curl https://192.168.103.2:8443/')).toEqual({
      exitCode: 60,
      output:
        'curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.haxx.se/docs/sslcerts.html\n\n' +
        'curl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n',
    });
    const body = '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}';
    expect(s.run('curl -k https://192.168.103.2:8443/')).toEqual({ output: body, exitCode: 0 });
    expect(s.run('curl -sk https://192.168.103.2:8443/ -o /dev/null -w "%{http_code}"').output).toBe('403');
    expect(s.run('curl -ik https://192.168.103.2:8443/').output).toMatch(/^HTTP\/2 403 \r\naudit-id: [0-9a-f-]{36}\r\ncache-control: no-cache, private\r\ncontent-type: application\/json\r\n/);
    expect(s.run('curl 192.168.103.2:8443').output).toBe('Client sent an HTTP request to an HTTPS server.\n');
    expect(s.run('curl -k https://192.168.103.3:8443/')).toEqual({ output: REFUSED('192.168.103.3', 8443), exitCode: 7 });
    expect(s.run('curl https://10.244.2.2:80/').exitCode).toBe(35);
  });

  it('a node reaches the kubelet of another node (401 for anonymous)', () => {
    expect(at.ssh(helloCluster(), N2).run('curl -sk https://192.168.103.4:10250/')).toEqual({ output: 'Unauthorized', exitCode: 0 });
  });
});

describe('busybox wget in the rancher/hello-world pod', () => {
  it('saves index.html (not kept: the lab keeps no files)', () => {
    const e = helloCluster();
    const s = helloPod(e, '10.244.0.3');
    expect(s.run('wget 10.244.1.2')).toEqual({
      exitCode: 0,
      output: "Connecting to 10.244.1.2 (10.244.1.2:80)\nsaving to 'index.html'\nindex.html             2465  --:--:-- ETA\n'index.html' saved\n",
    });
    expect(s.run('cat index.html').exitCode).not.toBe(0);
  });

  it('-O - and -q', () => {
    const s = helloPod(helloCluster(), '10.244.0.3');
    const r = s.run('wget -O - 10.244.2.2');
    expect(r.output).toMatch(/^Connecting to 10\.244\.2\.2 \(10\.244\.2\.2:80\)\nwriting to stdout\n<html>[\s\S]*<b>User-Agent<\/b>\[Wget\]<br \/>[\s\S]*<\/html>- {22}2465 {2}--:--:-- ETA\nwritten to stdout\n$/);
    expect(s.run('wget -qO- 10.244.2.2').output).toMatch(/^<html>[\s\S]*<\/html>$/);
  });

  it('a known length gets the bar (nginx)', () => {
    const e = demoCluster();
    expect(at.pod(e, '10.244.0.3', 'busybox').run('wget -O /tmp/x 10.244.2.2').output).toBe(
      "Connecting to 10.244.2.2 (10.244.2.2:80)\nsaving to '/tmp/x'\n/tmp/x               100% |********************************|   615  0:00:00 ETA\n'/tmp/x' saved\n",
    );
    expect(at.pod(e, '10.244.0.3', 'busybox').run('wget -q 10.244.2.2/missing')).toEqual({ output: 'wget: server returned error: HTTP/1.1 404 Not Found\n', exitCode: 1 });
  });

  it.each([
    ['refused', 'wget 10.244.1.2:8080', 'Connecting to 10.244.1.2:8080 (10.244.1.2:8080)\nwget: can\'t connect to remote host (10.244.1.2): Connection refused\n'],
    ['bad address', 'wget nginx', "wget: bad address 'nginx'\n"],
  ])('%s', (_name, line, output) => {
    expect(helloPod(helloCluster(), '10.244.0.3').run(line)).toEqual({ output, exitCode: 1 });
  });

  it('timeouts after a deleted route: -T or the kernel\'s', () => {
    const e = helloCluster();
    at.root(e, N1).run('ip route del 10.244.2.0/24');
    const s = helloPod(e, '10.244.0.3');
    expect(s.run('wget -q -T 3 10.244.2.2')).toEqual({ output: 'wget: download timed out\n', exitCode: 1 });
    expect(s.run('wget -q 10.244.2.2')).toEqual({ output: "wget: can't connect to remote host (10.244.2.2): Connection timed out\n", exitCode: 1 });
  });

  it('nginx has no wget, busybox images have no curl', () => {
    const e = demoCluster();
    expect(at.pod(e, '10.244.0.3', 'nginx').run('wget 10.244.2.2').exitCode).toBe(127);
    expect(at.pod(e, '10.244.0.3', 'busybox').run('curl 10.244.2.2').exitCode).toBe(127);
  });
});

describe('curl and wget never break the lab', () => {
  const words = fc.oneof(
    fc.constantFrom('-s', '-S', '-v', '-I', '-i', '-k', '-o', '/dev/null', '-w', '%{http_code}', '%{nope}', '-m', '--connect-timeout', '-O', '-', '-q', '-T', '-sSv', '--', '-X', 'HEAD', '-H', 'X: y'),
    fc.constantFrom('10.244.1.2', '10.244.2.2:8080', 'https://192.168.103.2:8443/', 'http://10.244.0.3/a?b', 'localhost', 'ftp://x', 'http://', 'http://[::1]/', '192.168.103.3:22', '0', '3', '99999'),
    fc.string({ maxLength: 12 }),
  );
  it('random argument lists: no throw, no internal error, no change to the engine', () => {
    fc.assert(
      fc.property(fc.constantFrom('ssh', 'pod', 'busybox', 'hello', 'root'), fc.constantFrom('curl', 'wget', 'docker', 'crictl'), fc.array(words, { maxLength: 7 }), (where, cmd, args) => {
        const e = helloCluster();
        const s = where === 'ssh' ? at.ssh(e, N1) : where === 'root' ? at.root(e, N2) : where === 'hello' ? helloPod(e, '10.244.0.3') : at.pod(e, '10.244.0.3', where === 'busybox' ? 'busybox' : undefined);
        const before = JSON.stringify(e.state);
        const r = s.run([cmd, ...args].map((w) => `'${w.replace(/'/g, '')}'`).join(' '));
        expect(r.output).not.toContain('internal error');
        expect(JSON.stringify(e.state)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
