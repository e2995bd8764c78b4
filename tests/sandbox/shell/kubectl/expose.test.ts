import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../../sandbox/index';
import { Engine } from '../../../../sandbox/engine';
import { invariantViolations } from '../../../../sandbox/scenario/invariants';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

/** The article flow: the deployment, 14 s later `kubectl expose`. */
function exposed(seed = 0): Lab {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=3');
  lab.advance(14_000);
  expect(lab.exec('kubectl expose deploy nginx --port=80')).toEqual({ exitCode: 0, output: 'service/nginx exposed\n' });
  return lab;
}

function ok(lab: Lab, line: string): string {
  const r = lab.exec(line);
  expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
  return r.output;
}

function readyEndpoints(lab: Lab): string {
  return ok(lab, 'kubectl get ep nginx -o jsonpath={.subsets[*].addresses[*].ip}');
}

function podIps(lab: Lab): string[] {
  return ok(lab, 'kubectl get pods -l app=nginx -o jsonpath={.items[*].status.podIP}').split(' ').filter(Boolean).sort();
}

describe('kubectl expose: the article flow (seed 0)', () => {
  it('get svc prints the whole table', () => {
    const lab = exposed();
    lab.advance(5_000);
    expect(lab.exec('kubectl get svc')).toEqual({
      exitCode: 0,
      output: lines(
        'NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE',
        'kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   10m',
        'nginx        ClusterIP   10.103.51.62   <none>        80/TCP    5s',
      ),
    });
    expect(ok(lab, 'kubectl get svc nginx -o wide')).toBe(lines(
      'NAME    TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE   SELECTOR',
      'nginx   ClusterIP   10.103.51.62   <none>        80/TCP    5s    app=nginx',
    ));
  });

  it('get ep and get endpointslices print the whole table', () => {
    const lab = exposed();
    expect(ok(lab, 'kubectl get ep nginx')).toBe(lines(
      'NAME    ENDPOINTS                                   AGE',
      'nginx   10.244.0.3:80,10.244.1.2:80,10.244.2.2:80   0s',
    ));
    expect(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx')).toMatch(
      /^NAME {10}ADDRESSTYPE {3}PORTS {3}ENDPOINTS {26}AGE\nnginx-[bcdfghjklmnpqrstvwxz2456789]{5} {3}IPv4 {10}80 {6}(10\.244\.\d\.\d,?){3} {3}0s\n$/,
    );
  });

  it('describe svc prints the v1.25 layout', () => {
    expect(ok(exposed(), 'kubectl describe svc nginx')).toBe(lines(
      'Name:              nginx',
      'Namespace:         default',
      'Labels:            app=nginx',
      'Annotations:       <none>',
      'Selector:          app=nginx',
      'Type:              ClusterIP',
      'IP Family Policy:  SingleStack',
      'IP Families:       IPv4',
      'IP:                10.103.51.62',
      'IPs:               10.103.51.62',
      'Port:              <unset>  80/TCP',
      'TargetPort:        80/TCP',
      'Endpoints:         10.244.0.3:80,10.244.1.2:80,10.244.2.2:80',
      'Session Affinity:  None',
      'Events:            <none>',
    ));
  });

  it('the Service object is what the API server returns', () => {
    const yaml = ok(exposed(), 'kubectl get svc nginx -o yaml');
    expect(yaml).toContain(lines(
      'spec:',
      '  clusterIP: 10.103.51.62',
      '  clusterIPs:',
      '  - 10.103.51.62',
      '  internalTrafficPolicy: Cluster',
      '  ipFamilies:',
      '  - IPv4',
      '  ipFamilyPolicy: SingleStack',
      '  ports:',
      '  - port: 80',
      '    protocol: TCP',
      '    targetPort: 80',
      '  selector:',
      '    app: nginx',
      '  sessionAffinity: None',
      '  type: ClusterIP',
      'status:',
      '  loadBalancer: {}',
    ));
  });

  it('exposing shifts no pod name, placement or address of the article script', () => {
    const a = createLab({ scenario: 'multinode-demo', seed: 0 });
    const b = createLab({ scenario: 'multinode-demo', seed: 0 });
    for (const lab of [a, b]) lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=3');
    a.exec('kubectl expose deploy nginx --port=80');
    for (const lab of [a, b]) lab.exec('kubectl scale deploy nginx --replicas=5');
    expect(ok(a, 'kubectl get pods -o wide')).toBe(ok(b, 'kubectl get pods -o wide'));
  });
});

describe('endpoints follow the pods', () => {
  it('scale 3 -> 1 -> 4', () => {
    const lab = exposed();
    ok(lab, 'kubectl scale deploy nginx --replicas=1');
    expect(readyEndpoints(lab).split(' ')).toHaveLength(1);
    expect(readyEndpoints(lab).split(' ').sort()).toEqual(podIps(lab));
    ok(lab, 'kubectl scale deploy nginx --replicas=4');
    expect(readyEndpoints(lab).split(' ')).toHaveLength(4);
    expect(readyEndpoints(lab).split(' ').sort()).toEqual(podIps(lab));
    expect(ok(lab, 'kubectl get ep nginx')).toBe(lines(
      'NAME    ENDPOINTS                                               AGE',
      'nginx   10.244.0.3:80,10.244.1.3:80,10.244.2.3:80 + 1 more...   0s',
    ));
    ok(lab, 'kubectl scale deploy nginx --replicas=0');
    expect(ok(lab, 'kubectl get ep nginx')).toBe(lines('NAME    ENDPOINTS   AGE', 'nginx   <none>      0s'));
    expect(ok(lab, 'kubectl describe svc nginx')).toContain('Endpoints:         <none>\n');
  });

  it('a deleted pod leaves, its replacement joins', () => {
    const lab = exposed();
    const pod = ok(lab, 'kubectl get pods -o name').split('\n')[0]!.slice('pod/'.length);
    const ip = ok(lab, `kubectl get pod ${pod} -o jsonpath={.status.podIP}`);
    ok(lab, `kubectl delete pod ${pod}`);
    const eps = readyEndpoints(lab).split(' ');
    expect(eps).toHaveLength(3);
    expect(eps.sort()).toEqual(podIps(lab));
    expect(ok(lab, 'kubectl get ep nginx -o yaml')).not.toContain(`name: ${pod}\n`);
    void ip;
  });

  it('a bare pod exposed by its labels, and its deletion empties the endpoints', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 5 });
    ok(lab, 'kubectl run web --image=nginx');
    expect(ok(lab, 'kubectl expose pod web --port=80 --target-port=8080')).toBe('service/web exposed\n');
    expect(ok(lab, 'kubectl get svc web -o wide')).toMatch(/ClusterIP {3}10\.\d+\.\d+\.\d+ +<none> {8}80\/TCP {4}0s {4}run=web\n$/);
    const ip = ok(lab, 'kubectl get pod web -o jsonpath={.status.podIP}');
    expect(ok(lab, 'kubectl get ep web')).toContain(`web    ${ip}:8080   0s`);
    ok(lab, 'kubectl delete pod web');
    expect(ok(lab, 'kubectl get ep web')).toBe(lines('NAME   ENDPOINTS   AGE', 'web    <none>      0s'));
    expect(invariantViolations(lab.cluster!.state)).toEqual([]);
  });

  it('a stopped node: its pod stays an endpoint for the grace period, then is not ready', () => {
    const lab = exposed();
    ok(lab, 'minikube node stop multinode-demo-m02 -p multinode-demo');
    lab.advance(39_000);
    expect(readyEndpoints(lab)).toBe('10.244.0.3 10.244.1.2 10.244.2.2');
    lab.advance(2_000);
    expect(ok(lab, 'kubectl get ep nginx')).toBe(lines(
      'NAME    ENDPOINTS                     AGE',
      'nginx   10.244.0.3:80,10.244.2.2:80   41s',
    ));
    expect(ok(lab, 'kubectl get ep nginx -o jsonpath={.subsets[0].notReadyAddresses[*].ip}')).toBe('10.244.1.2');
    expect(ok(lab, 'kubectl describe svc nginx')).toContain('Endpoints:         10.244.0.3:80,10.244.2.2:80\n');
    // The slice keeps every endpoint, ready or not.
    expect(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx -o jsonpath={.items[0].endpoints[*].conditions.ready}')).toBe('true true false');
    expect(invariantViolations(lab.cluster!.state)).toEqual([]);
    ok(lab, 'minikube node start multinode-demo-m02 -p multinode-demo');
    expect(readyEndpoints(lab).split(' ').sort()).toEqual(podIps(lab));
    expect(ok(lab, 'kubectl get ep nginx -o yaml')).not.toContain('notReadyAddresses');
  });

  it('only not-ready pods: ENDPOINTS is empty, not <none>', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 1 });
    ok(lab, 'kubectl create deploy one --image=nginx');
    const node = ok(lab, 'kubectl get pods -l app=one -o jsonpath={.items[0].spec.nodeName}');
    expect(node).toBe('multinode-demo-m02');
    ok(lab, 'kubectl expose deploy one --port=80');
    ok(lab, `minikube node stop ${node} -p multinode-demo`);
    lab.advance(41_000);
    expect(ok(lab, 'kubectl get ep one')).toBe(lines('NAME   ENDPOINTS   AGE', 'one                41s'));
    expect(ok(lab, 'kubectl describe svc one')).toContain('Endpoints:         \n');
  });
});

describe('service types', () => {
  it('NodePort: a port in 30000-32767 in PORT(S) and describe', () => {
    const lab = exposed(7);
    const out = ok(lab, 'kubectl expose deploy nginx --port=80 --type=NodePort --name=np');
    expect(out).toBe('service/np exposed\n');
    const np = Number(ok(lab, 'kubectl get svc np -o jsonpath={.spec.ports[0].nodePort}'));
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
    expect(np).toBe(31485);
    expect(ok(lab, 'kubectl get svc np')).toBe(lines(
      'NAME   TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE',
      'np     NodePort   10.100.26.192   <none>        80:31485/TCP   0s',
    ));
    const d = ok(lab, 'kubectl describe svc np');
    expect(d).toContain(`NodePort:                 <unset>  ${np}/TCP\n`);
    expect(d).toContain('Session Affinity:         None\nExternal Traffic Policy:  Cluster\n');
  });

  it('LoadBalancer: EXTERNAL-IP stays <pending> (minikube without tunnel)', () => {
    const lab = exposed(7);
    ok(lab, 'kubectl expose deploy nginx --port=8080 --target-port=80 --type=LoadBalancer --name=lb');
    lab.advance(600_000);
    expect(ok(lab, 'kubectl get svc lb')).toBe(lines(
      'NAME   TYPE           CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE',
      'lb     LoadBalancer   10.100.26.192   <pending>     8080:31485/TCP   10m',
    ));
    expect(ok(lab, 'kubectl get ep lb')).toContain(':80,');
  });

  it('exposing a service copies its selector and ports', () => {
    const lab = exposed();
    expect(ok(lab, 'kubectl expose svc nginx --name=nginx2 --target-port=8080')).toBe('service/nginx2 exposed\n');
    expect(ok(lab, 'kubectl get svc nginx2 -o jsonpath={.spec.selector.app}/{.spec.ports[0].port}/{.spec.ports[0].targetPort}')).toBe('nginx/80/8080');
  });

  it('replicaset/NAME exposes with the pod-template-hash in the selector', () => {
    const lab = exposed();
    expect(ok(lab, 'kubectl expose replicaset/nginx-5844775f89 --port=80 --name=rs')).toBe('service/rs exposed\n');
    expect(ok(lab, 'kubectl get svc rs -o wide')).toContain('app=nginx,pod-template-hash=5844775f89\n');
  });

  it('delete svc removes it and its endpoints', () => {
    const lab = exposed();
    expect(lab.exec('kubectl delete svc nginx')).toEqual({ exitCode: 0, output: 'service "nginx" deleted\n' });
    expect(lab.exec('kubectl get ep nginx')).toEqual({ exitCode: 1, output: 'Error from server (NotFound): endpoints "nginx" not found\n' });
    expect(lab.exec('kubectl delete svc nginx')).toEqual({ exitCode: 1, output: 'Error from server (NotFound): services "nginx" not found\n' });
    expect(ok(lab, 'kubectl expose deploy nginx --port=80')).toBe('service/nginx exposed\n');
  });
});

describe('ClusterIP allocation', () => {
  it('differs across seeds, stays in the upper band of 10.96.0.0/12, never collides', () => {
    const seen = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const lab = exposed(seed);
      for (let i = 0; i < 8; i++) ok(lab, `kubectl expose deploy nginx --port=80 --name=s${i}`);
      const ips = ok(lab, 'kubectl get svc -o jsonpath={.items[*].spec.clusterIP}').split(' ');
      expect(new Set(ips).size).toBe(ips.length);
      for (const ip of ips) {
        if (ip === '10.96.0.1') continue;
        const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
        expect(a).toBe(10);
        expect(b).toBeGreaterThanOrEqual(96);
        expect(b).toBeLessThanOrEqual(111);
        expect(b > 96 || c >= 1).toBe(true);
        seen.add(ip);
      }
      expect(invariantViolations(lab.cluster!.state)).toEqual([]);
    }
    expect(seen.size).toBe(4 * 9);
  });
});

describe('snapshot and replay', () => {
  it('replaying the log after expose, scale and delete rebuilds the same state', () => {
    const lab = exposed(11);
    ok(lab, 'kubectl expose deploy nginx --port=80 --type=NodePort --name=np');
    ok(lab, 'kubectl scale deploy nginx --replicas=5');
    ok(lab, 'kubectl delete svc nginx');
    lab.advance(3_000);
    const e = lab.cluster!;
    expect(Engine.replay(e.state.origin, e.log).toJSON()).toEqual(e.toJSON());
    expect(Engine.fromJSON(JSON.stringify(e.toJSON())).toJSON()).toEqual(e.toJSON());
  });

  it('a snapshot saved before the svc draw stream existed can still expose', () => {
    const e = Engine.fromScenario('multinode-demo', 3)!;
    e.createDeployment('nginx', 'rancher/hello-world', 2);
    const old = e.toJSON();
    delete (old.draws.streams as Partial<typeof old.draws.streams>).svc;
    delete (old.draws.fixture as Partial<typeof old.draws.fixture>).svc;
    const restored = Engine.fromJSON(old);
    expect(restored.exposeService('deployment', 'nginx', { port: 80 })).toEqual({ ok: true, message: 'service/nginx created' });
    expect(restored.endpoints().find((x) => x.name === 'nginx')?.addresses).toHaveLength(2);
  });
});

describe('kubectl expose: errors as kubectl v1.25 prints them', () => {
  it.each([
    ['kubectl expose deploy nginx --port=80', 'Error from server (AlreadyExists): services "nginx" already exists\n'],
    ['kubectl expose deploy x --port=80', 'Error from server (NotFound): deployments.apps "x" not found\n'],
    ['kubectl expose pod x --port=80', 'Error from server (NotFound): pods "x" not found\n'],
    ['kubectl expose deploy nginx --name=web', "error: couldn't find port via --port flag or introspection\n"],
    ['kubectl expose deploy nginx --port=80 --name=web --type=Foo', 'The Service "web" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n'],
    ['kubectl expose deploy nginx --port=80 --name=web --protocol=tcp', 'The Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"\n'],
    ['kubectl expose deploy nginx --port=70000 --name=web', 'The Service "web" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n'],
    ['kubectl expose deploy nginx --port=http --name=web', 'error: strconv.Atoi: parsing "http": invalid syntax\n'],
    ['kubectl expose deploy nginx --port=80 --name=Web', `The Service "Web" is invalid: metadata.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`],
    ['kubectl expose node multinode-demo --port=80', 'error: cannot expose a Node\n'],
    ['kubectl expose ds kube-proxy -n kube-system --port=80', 'error: cannot expose a DaemonSet.apps\n'],
    ['kubectl expose svc kubernetes --name=k2', "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n"],
    ['kubectl expose deploy', 'error: resource(s) were provided, but no name was specified\n'],
    ['kubectl expose pdos x', 'error: the server doesn\'t have a resource type "pdos"\n'],
    ['kubectl expose deploy nginx --prot=80', "error: unknown flag: --prot\nSee 'kubectl expose --help' for usage.\n"],
    ['kubectl expose', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['kubectl expose deploy nginx --port=80 -n nope --name=web', 'Error from server (NotFound): deployments.apps "nginx" not found\n'],
  ])('%s', (line, output) => {
    const lab = exposed();
    const before = JSON.stringify(lab.cluster!.state.services);
    expect(lab.exec(line)).toEqual({ exitCode: 1, output });
    expect(JSON.stringify(lab.cluster!.state.services)).toBe(before);
  });

  it('without a cluster the connection is refused', () => {
    const lab = createLab({ scenario: 'laptop' } as Parameters<typeof createLab>[0]);
    expect(lab.exec('kubectl expose deploy nginx --port=80')).toEqual({ exitCode: 1, output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n' });
  });

  it('--dry-run and -o name change nothing / print the name', () => {
    const lab = exposed();
    expect(ok(lab, 'kubectl expose deploy nginx --port=80 --name=dry --dry-run=client')).toBe('service/dry exposed (dry run)\n');
    expect(lab.exec('kubectl get svc dry').exitCode).toBe(1);
    expect(ok(lab, 'kubectl expose deploy nginx --port=80 --name=named -o name')).toBe('service/named\n');
  });
});
