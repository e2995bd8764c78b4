/**
 * Services, Endpoints and EndpointSlices as the v1.25 API server and kubectl
 * v1.25.2 show them. Where an expectation comes from, it says:
 *  - create_service.go, describe.go: kubernetes/kubectl at tag v0.25.2
 *    (pkg/cmd/create/create_service.go, pkg/describe/describe.go);
 *  - printers.go: kubernetes pkg/printers/internalversion/printers.go
 *    (printService, getServiceExternalIP, formatEndpoints,
 *    formatDiscoveryPorts/Endpoints, listWithMoreString);
 *  - the controllers: pkg/controller/endpointslice/reconciler.go and utils.go,
 *    pkg/controller/endpoint/endpoints_controller.go,
 *    pkg/controlplane/reconcilers/endpointsadapter.go;
 *  - published outputs of real clusters, quoted where used.
 * Tabular expectations are written out by hand from those layouts (columns
 * as wide as their widest cell plus three spaces; describe: Go's tabwriter,
 * padding 2), never computed by the code under test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { createLab, type Lab } from '../../../../sandbox/index';
import { completeKubectl } from '../../../../sandbox/shell/commands/kubectl';
import { invariantViolations } from '../../../../sandbox/scenario/invariants';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

/** The article's moment (seed 0): the demo deployment, 14 s later. */
function demo(seed = 0): Lab {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=3');
  lab.advance(14_000);
  return lab;
}

function ok(lab: Lab, line: string): string {
  const r = lab.exec(line);
  expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
  return r.output;
}

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

describe('kubectl create service: what it builds (create_service.go)', () => {
  it('clusterip --dry-run=client -o yaml prints the object kubectl would send', () => {
    // Published output of `k create service clusterip my-cs --tcp=5678:8080 -oyaml --dry-run=client`.
    expect(demo().exec('kubectl create service clusterip my-cs --tcp=5678:8080 -o yaml --dry-run=client')).toEqual({
      exitCode: 0,
      output: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: my-cs',
        '  name: my-cs',
        'spec:',
        '  ports:',
        '  - name: 5678-8080',
        '    port: 5678',
        '    protocol: TCP',
        '    targetPort: 8080',
        '  selector:',
        '    app: my-cs',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}',
      ),
    });
  });

  it('nodeport --node-port puts the port on every service port; client dry runs need no cluster', () => {
    // Published output of `kubectl create service nodeport hello-world --tcp=5678:8080 --node-port=... -o yaml --dry-run=client`
    // (keys sorted: name, nodePort, port, protocol, targetPort).
    const lab = createLab({ scenario: 'laptop' } as Parameters<typeof createLab>[0]);
    expect(lab.exec('kubectl create service nodeport my-ns --tcp=5678:8080 --node-port=30005 --dry-run=client -o yaml').output).toBe(lines(
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  creationTimestamp: null',
      '  labels:',
      '    app: my-ns',
      '  name: my-ns',
      'spec:',
      '  ports:',
      '  - name: 5678-8080',
      '    nodePort: 30005',
      '    port: 5678',
      '    protocol: TCP',
      '    targetPort: 8080',
      '  selector:',
      '    app: my-ns',
      '  type: NodePort',
      'status:',
      '  loadBalancer: {}',
    ));
    expect(lab.exec('kubectl create service externalname my-ns --external-name bar.com --dry-run=client')).toEqual({ exitCode: 0, output: 'service/my-ns created (dry run)\n' });
    expect(lab.exec('kubectl create service clusterip my-cs --tcp=80')).toEqual({
      exitCode: 1, output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
    });
  });

  it('a ClusterIP service: confirmation, table, describe, and the pods as endpoints', () => {
    const lab = demo();
    // PrintFlags("created"): `service/NAME created`.
    expect(lab.exec('kubectl create service clusterip nginx --tcp=80:80')).toEqual({ exitCode: 0, output: 'service/nginx created\n' });
    lab.advance(3_000);
    expect(ok(lab, 'kubectl get svc nginx -o wide')).toBe(lines(
      'NAME    TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE   SELECTOR',
      'nginx   ClusterIP   10.103.51.62   <none>        80/TCP    3s    app=nginx',
    ));
    // describe.go describeService; the port is named after --tcp with ':' turned into '-'.
    expect(ok(lab, 'kubectl describe svc nginx')).toBe(lines(
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
      'Port:              80-80  80/TCP',
      'TargetPort:        80/TCP',
      'Endpoints:         10.244.0.3:80,10.244.1.2:80,10.244.2.2:80',
      'Session Affinity:  None',
      'Events:            <none>',
    ));
  });

  it('NodePort and LoadBalancer: the node port in PORT(S); EXTERNAL-IP <none> and <pending> (minikube without tunnel)', () => {
    const np = demo();
    expect(ok(np, 'kubectl create service nodeport web --tcp=8080:80 --node-port=30080')).toBe('service/web created\n');
    expect(ok(np, 'kubectl get svc web')).toBe(lines(
      'NAME   TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE',
      'web    NodePort   10.103.51.62   <none>        8080:30080/TCP   0s',
    ));
    expect(ok(np, 'kubectl describe svc web')).toContain(lines(
      'Port:                     8080-80  8080/TCP',
      'TargetPort:               80/TCP',
      'NodePort:                 8080-80  30080/TCP',
    ));
    const lb = demo();
    expect(ok(lb, 'kubectl create service loadbalancer web --tcp=8080:80')).toBe('service/web created\n');
    lb.advance(600_000);
    expect(ok(lb, 'kubectl get svc web')).toMatch(/^NAME {3}TYPE {11}CLUSTER-IP {5}EXTERNAL-IP {3}PORT\(S\) {10}AGE\nweb {4}LoadBalancer {3}10\.103\.51\.62 {3}<pending> {5}8080:3\d{4}\/TCP {3}10m\n$/);
    expect(ok(lb, 'kubectl get svc web -o jsonpath={.spec.allocateLoadBalancerNodePorts}/{.spec.externalTrafficPolicy}')).toBe('true/Cluster');
  });

  it('ExternalName: no address, the name as EXTERNAL-IP, no Endpoints and no EndpointSlice', () => {
    const lab = demo();
    expect(ok(lab, 'kubectl create service externalname ext --external-name bar.com')).toBe('service/ext created\n');
    // printers.go: CLUSTER-IP from spec.clusterIPs (none), EXTERNAL-IP = spec.externalName, no ports.
    expect(ok(lab, 'kubectl get svc')).toBe(lines(
      'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
      'ext          ExternalName   <none>       bar.com       <none>    0s',
      'kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP   10m',
    ));
    expect(ok(lab, 'kubectl describe svc ext')).toBe(lines(
      'Name:              ext',
      'Namespace:         default',
      'Labels:            app=ext',
      'Annotations:       <none>',
      'Selector:          app=ext',
      'Type:              ExternalName',
      'IP Families:       <none>',
      'IP:                ',
      'IPs:               <none>',
      'External Name:     bar.com',
      'Session Affinity:  None',
      'Events:            <none>',
    ));
    const spec = parseYaml(ok(lab, 'kubectl get svc ext -o yaml')).spec as Record<string, unknown>;
    expect(spec).toEqual({ externalName: 'bar.com', selector: { app: 'ext' }, sessionAffinity: 'None', type: 'ExternalName' });
    // The endpoints controllers skip ExternalName services (issues.k8s.io/105986).
    expect(lab.exec('kubectl get ep ext')).toEqual({ exitCode: 1, output: 'Error from server (NotFound): endpoints "ext" not found\n' });
    expect(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=ext -o name')).toBe('');
  });

  it('headless (--clusterip=None): CLUSTER-IP None, the headless label on its Endpoints and slice', () => {
    const lab = demo();
    expect(ok(lab, 'kubectl create service clusterip hl --clusterip=None')).toBe('service/hl created\n');
    expect(ok(lab, 'kubectl get svc hl')).toBe(lines(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
      'hl     ClusterIP   None         <none>        <none>    0s',
    ));
    expect(ok(lab, 'kubectl describe svc hl')).toContain(lines('IP:                None', 'IPs:               None', 'Session Affinity:  None'));
    expect(ok(lab, 'kubectl get ep hl -o jsonpath={.metadata.labels}')).toBe('{"app":"hl","service.kubernetes.io/headless":""}');
    expect(ok(lab, 'kubectl get endpointslices -l service.kubernetes.io/headless -o name')).toMatch(new RegExp(`^endpointslice\\.discovery\\.k8s\\.io/hl-${SAFE}{5}\n$`));
    // A second headless service shares no address with the first.
    expect(ok(lab, 'kubectl create service clusterip hl2 --clusterip=None')).toBe('service/hl2 created\n');
    expect(invariantViolations(lab.cluster!.state)).toEqual([]);
  });

  it('a headless service without ports lists its pods without ports', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip nginx --clusterip=None');
    // printers.go formatEndpoints: "It's possible to have headless services with no ports."
    expect(ok(lab, 'kubectl get ep nginx')).toBe(lines(
      'NAME    ENDPOINTS                          AGE',
      'nginx   10.244.0.3,10.244.1.2,10.244.2.2   0s',
    ));
  });

  it('kubectl expose --cluster-ip=None makes the same headless service without a port (expose.go)', () => {
    const lab = demo();
    expect(ok(lab, 'kubectl expose deploy nginx --cluster-ip=None --name=hl')).toBe('service/hl exposed\n');
    expect(ok(lab, 'kubectl get svc hl -o wide')).toBe(lines(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR',
      'hl     ClusterIP   None         <none>        <none>    0s    app=nginx',
    ));
    expect(ok(lab, 'kubectl get ep hl -o jsonpath={.subsets[0].addresses[*].ip}')).toBe('10.244.0.3 10.244.1.2 10.244.2.2');
  });

  it('--dry-run=server validates and allocates but stores nothing', () => {
    const lab = demo();
    expect(lab.exec('kubectl create service clusterip web --tcp=80 --dry-run=server')).toEqual({ exitCode: 0, output: 'service/web created (server dry run)\n' });
    expect(lab.exec('kubectl get svc web').exitCode).toBe(1);
    expect(lab.exec('kubectl create service clusterip Web --tcp=80 --dry-run=server').exitCode).toBe(1);
  });

  it('-o name and -n', () => {
    const lab = demo();
    expect(lab.exec('kubectl create service clusterip web --tcp=80 -o name')).toEqual({ exitCode: 0, output: 'service/web\n' });
    expect(lab.exec('kubectl -n kube-system create service clusterip web --tcp=80')).toEqual({ exitCode: 0, output: 'service/web created\n' });
    expect(ok(lab, 'kubectl get svc -n kube-system web -o jsonpath={.metadata.namespace}')).toBe('kube-system');
  });
});

describe('kubectl create service: errors as kubectl v1.25.2 prints them', () => {
  it.each([
    // Validate (create_service.go).
    ['kubectl create service clusterip web', 'error: at least one tcp port specifier must be provided\n'],
    ['kubectl create service nodeport web', 'error: at least one tcp port specifier must be provided\n'],
    ['kubectl create service externalname web --external-name=Bad_Name', 'error: invalid service external name Bad_Name\n'],
    // cobra's required flag, then NameFromCommandArgs (UsageErrorf).
    ['kubectl create service externalname web', 'error: required flag(s) "external-name" not set\n'],
    ['kubectl create service clusterip', "error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples\n"],
    ['kubectl create service loadbalancer a b --tcp=80', "error: exactly one NAME is required, got 2\nSee 'kubectl create service loadbalancer -h' for help and examples\n"],
    ['kubectl create service clusterip web --tcp=80 --port=80', "error: unknown flag: --port\nSee 'kubectl create service clusterip --help' for usage.\n"],
    ['kubectl create service loadbalancer web --tcp=80 --node-port=30080', "error: unknown flag: --node-port\nSee 'kubectl create service loadbalancer --help' for usage.\n"],
    ['kubectl create service foo', "error: unknown command \"foo\"\nSee 'kubectl create service -h' for help and examples\n"],
    // parsePorts: utilsnet.ParsePort (strconv.ParseUint), then Atoi or a port name.
    ['kubectl create service clusterip web --tcp=http', 'error: strconv.ParseUint: parsing "http": invalid syntax\n'],
    ['kubectl create service clusterip web --tcp=70000', 'error: strconv.ParseUint: parsing "70000": value out of range\n'],
    ['kubectl create service clusterip web --tcp=80:0', 'error: must be between 1 and 65535, inclusive\n'],
    ['kubectl create service clusterip web --tcp=80:a_b', 'error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n'],
    ['kubectl create service clusterip web --tcp=80:', 'error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)\n'],
    ['kubectl create service clusterip web --tcp=80 --dry-run=maybe', 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'],
    // The API server's answers, wrapped by Run: "failed to create <type> service: <status message>".
    ['kubectl create service clusterip nginx --tcp=80', 'error: failed to create ClusterIP service: services "nginx" already exists\n'],
    ['kubectl create service clusterip web --tcp=80 -n nope', 'error: failed to create ClusterIP service: namespaces "nope" not found\n'],
    ['kubectl create service clusterip Web --tcp=80', `error: failed to create ClusterIP service: Service "Web" is invalid: metadata.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`],
    // Several causes: NewInvalid's aggregate, `[a, b]` (the targetPort defaults to the port).
    ['kubectl create service clusterip web --tcp=0', 'error: failed to create ClusterIP service: Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]\n'],
    // The port allocator's messages, as published ("provided port is not in the valid range ...", "... is already allocated").
    ['kubectl create service nodeport web --tcp=80 --node-port=80', 'error: failed to create NodePort service: Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n'],
    // The IP allocator's, as published for kube-dns: `spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated`.
    ['kubectl create service clusterip web --tcp=80 --clusterip=10.96.0.10', 'error: failed to create ClusterIP service: Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated\n'],
    ['kubectl create service clusterip web --tcp=80 --clusterip=10.0.0.1', 'error: failed to create ClusterIP service: Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n'],
    ['kubectl create service clusterip web --tcp=80 --clusterip=abc', 'error: failed to create ClusterIP service: Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "abc": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n'],
  ])('%s', (line, output) => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    const before = JSON.stringify(lab.cluster!.state.services);
    expect(lab.exec(line)).toEqual({ exitCode: 1, output });
    expect(JSON.stringify(lab.cluster!.state.services)).toBe(before);
  });

  it('a node port already taken', () => {
    const lab = demo();
    ok(lab, 'kubectl create service nodeport a --tcp=80 --node-port=30080');
    expect(lab.exec('kubectl create service nodeport b --tcp=80 --node-port=30080')).toEqual({
      exitCode: 1, output: 'error: failed to create NodePort service: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    });
  });

  it('without a subcommand: cobra prints the command help on stderr and exits 1', () => {
    expect(demo().exec('kubectl create service')).toEqual({
      exitCode: 1,
      output: lines(
        'Create a service using a specified subcommand.',
        '',
        'Aliases:',
        'service, svc',
        '',
        'Available Commands:',
        '  clusterip      Create a ClusterIP service',
        '  externalname   Create an ExternalName service',
        '  loadbalancer   Create a LoadBalancer service',
        '  nodeport       Create a NodePort service',
        '',
        'Usage:',
        '  kubectl create service [flags] [options]',
        '',
        'Use "kubectl <command> --help" for more information about a given command.',
        'Use "kubectl options" for a list of global command-line options (applies to all commands).',
      ),
    });
  });

  it('--help of a subcommand is its cobra help', () => {
    const out = ok(demo(), 'kubectl create service clusterip --help');
    expect(out.startsWith('Create a ClusterIP service with the specified name.\n\nExamples:\n  # Create a new ClusterIP service named my-cs\n  kubectl create service clusterip my-cs --tcp=5678:8080\n')).toBe(true);
    expect(out).toContain('Usage:\n  kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]\n');
  });

  it('random create service argument lists never throw and change state only on success', () => {
    const vocab = ['create', 'service', 'svc', 'clusterip', 'nodeport', 'loadbalancer', 'externalname', 'web', 'nginx', 'Web', '--tcp=80', '--tcp=80:8080',
      '--tcp', '80:http', '--tcp=0', '--clusterip=None', '--clusterip', '10.96.0.10', '--node-port=30080', '--node-port', '-1', '--external-name=bar.com',
      '--external-name', '--dry-run=client', '--dry-run=server', '-o', 'yaml', 'json', 'name', '-n', 'kube-system', '--', ',', ':', ''];
    const word = fc.oneof(fc.constantFrom(...vocab), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(word, { maxLength: 7 }), (args) => {
      const lab = demo();
      const before = JSON.stringify(lab.cluster!.state.services);
      const r = lab.exec(`kubectl create service ${args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}`);
      expect(r.output).not.toMatch(/TypeError|undefined|NaN|\[object/);
      if (r.exitCode !== 0 || !/created\n$|^service\/|^apiVersion|^\{/.test(r.output)) expect(JSON.stringify(lab.cluster!.state.services)).toBe(before);
      expect(invariantViolations(lab.cluster!.state)).toEqual([]);
    }), { numRuns: 100 });
  }, 60_000);
});

describe('Endpoints (endpoints_controller.go) and how kubectl shows them', () => {
  it('describe ep: Subsets with Addresses, NotReadyAddresses and Ports (describe.go describeEndpoints)', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    expect(ok(lab, 'kubectl describe ep nginx')).toBe(lines(
      'Name:         nginx',
      'Namespace:    default',
      'Labels:       app=nginx',
      'Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2022-10-24T09:10:09Z',
      'Subsets:',
      '  Addresses:          10.244.0.3,10.244.1.2,10.244.2.2',
      '  NotReadyAddresses:  <none>',
      '  Ports:',
      '    Name     Port  Protocol',
      '    ----     ----  --------',
      '    <unset>  80    TCP',
      '',
      'Events:  <none>',
    ));
  });

  it('describe ep of a service with no pod: no subset at all', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    expect(ok(lab, 'kubectl describe ep web')).toBe(lines(
      'Name:         web',
      'Namespace:    default',
      'Labels:       app=web',
      'Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2022-10-24T09:10:09Z',
      'Subsets:',
      'Events:  <none>',
    ));
  });

  it('the trigger time moves when the pods change (ComputeEndpointLastChangeTriggerTime)', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    lab.advance(60_000);
    ok(lab, 'kubectl scale deploy nginx --replicas=4');
    expect(ok(lab, 'kubectl get ep nginx -o jsonpath={.metadata.annotations}')).toBe('{"endpoints.kubernetes.io/last-change-trigger-time":"2022-10-24T09:11:09Z"}');
  });

  it('a stopped node: its pod moves to NotReadyAddresses', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    ok(lab, 'minikube node stop multinode-demo-m02 -p multinode-demo');
    lab.advance(41_000);
    expect(ok(lab, 'kubectl describe ep nginx')).toContain(lines(
      '  Addresses:          10.244.0.3,10.244.2.2',
      '  NotReadyAddresses:  10.244.1.2',
    ));
  });

  it('the kubernetes Endpoints: written by the apiserver, labelled skip-mirror (endpointsadapter.go setSkipMirrorTrue)', () => {
    const ep = parseYaml(ok(demo(), 'kubectl get ep kubernetes -o yaml'));
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.metadata.annotations).toBeUndefined();
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '192.168.103.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }]);
  });
});

describe('EndpointSlices (discovery.k8s.io/v1)', () => {
  it('get endpointslices -A: the apiserver\'s kubernetes slice and kube-dns as published (ports 53,9153,53)', () => {
    // Published `kubectl get endpointslice -n kube-system`: `kube-dns-mbdj5   IPv4   53,9153,53   10.244.0.6,10.244.0.7   13d`.
    expect(ok(demo(), 'kubectl get endpointslices -A')).toMatch(new RegExp(`^${[
      'NAMESPACE     NAME             ADDRESSTYPE   PORTS        ENDPOINTS       AGE',
      'default       kubernetes       IPv4          8443         192.168.103.2   10m',
      `kube-system   kube-dns-${SAFE}{5}   IPv4          53,9153,53   10.244.0.2      10m`,
    ].join('\n')}\n$`));
  });

  it('a service slice: NAME-xxxxx, every pod, and up to three endpoints then "+ N more..."', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip nginx --tcp=80');
    ok(lab, 'kubectl scale deploy nginx --replicas=5');
    const out = ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx');
    expect(out).toMatch(new RegExp(`^NAME {10}ADDRESSTYPE {3}PORTS {3}ENDPOINTS {38}AGE\nnginx-${SAFE}{5} {3}IPv4 {10}80 {6}(10\\.244\\.\\d\\.\\d,){2}10\\.244\\.\\d\\.\\d \\+ 2 more\\.\\.\\. {3}0s\n$`));
  });

  it('the slice name comes from the seed and changes when the service is recreated', () => {
    const names = (lab: Lab) => ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx -o jsonpath={.items[*].metadata.name}');
    const a = demo(0);
    const b = demo(1);
    for (const lab of [a, b]) ok(lab, 'kubectl expose deploy nginx --port=80');
    const first = names(a);
    expect(first).toMatch(new RegExp(`^nginx-${SAFE}{5}$`));
    expect(names(b)).not.toBe(first);
    ok(a, 'kubectl delete svc nginx');
    expect(names(a)).toBe('');
    ok(a, 'kubectl expose deploy nginx --port=80');
    expect(names(a)).not.toBe(first);
  });

  it('-o yaml: the fields the controller writes (reconciler.go newEndpointSlice, podToEndpoint)', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    const sl = parseYaml(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx -o yaml')).items[0];
    const svcUid = ok(lab, 'kubectl get svc nginx -o jsonpath={.metadata.uid}');
    expect(sl.apiVersion).toBe('discovery.k8s.io/v1');
    expect(sl.addressType).toBe('IPv4');
    expect(sl.metadata).toMatchObject({
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2022-10-24T09:10:09Z' },
      creationTimestamp: '2022-10-24T09:10:09Z',
      generateName: 'nginx-',
      generation: 1,
      labels: { app: 'nginx', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'nginx' },
      namespace: 'default',
      ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: 'nginx', uid: svcUid }],
    });
    // ports: `name: ""` for an unnamed port (published: `- name: ""\n  port: 80\n  protocol: TCP`).
    expect(sl.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    const pod = ok(lab, 'kubectl get pods -o jsonpath={.items[0].metadata.name}/{.items[0].metadata.uid}/{.items[0].status.podIP}/{.items[0].spec.nodeName}').split('/');
    expect(sl.endpoints).toContainEqual({
      addresses: [pod[2]], conditions: { ready: true, serving: true, terminating: false }, nodeName: pod[3],
      targetRef: { kind: 'Pod', name: pod[0], namespace: 'default', uid: pod[1] },
    });
    expect(sl.endpoints).toHaveLength(3);
  });

  it('the kubernetes slice as the apiserver writes it: fixed name, service-name label only, ready only (endpointsadapter.go)', () => {
    const sl = parseYaml(ok(demo(), 'kubectl get endpointslice kubernetes -o yaml'));
    expect(sl.metadata.name).toBe('kubernetes');
    expect(sl.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(sl.metadata.ownerReferences).toBeUndefined();
    expect(sl.endpoints).toEqual([{ addresses: ['192.168.103.2'], conditions: { ready: true } }]);
    expect(sl.ports).toEqual([{ name: 'https', port: 8443, protocol: 'TCP' }]);
  });

  it('no pod selected: a placeholder slice, PORTS and ENDPOINTS <unset> (listWithMoreString)', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    expect(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=web')).toMatch(new RegExp(`^NAME {8}ADDRESSTYPE {3}PORTS {5}ENDPOINTS {3}AGE\nweb-${SAFE}{5} {3}IPv4 {10}<unset> {3}<unset> {5}0s\n$`));
  });

  it('not-ready pods stay in the slice with ready false; the generation counts the rewrites', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    ok(lab, 'minikube node stop multinode-demo-m02 -p multinode-demo');
    lab.advance(41_000); // NotReady after the 40 s node-monitor grace period: 09:10:09 + 40 s
    const sl = parseYaml(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx -o yaml')).items[0];
    const byIp = Object.fromEntries((sl.endpoints as Array<{ addresses: string[]; conditions: unknown }>).map((e) => [e.addresses[0], e.conditions]));
    expect(byIp).toEqual({
      '10.244.0.3': { ready: true, serving: true, terminating: false },
      '10.244.1.2': { ready: false, serving: false, terminating: false },
      '10.244.2.2': { ready: true, serving: true, terminating: false },
    });
    expect(sl.metadata.generation).toBe(2);
    expect(sl.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2022-10-24T09:10:49Z');
  });

  it('describe endpointslice (describe.go describeEndpointSliceV1, v1.25: Ready only)', () => {
    const lab = demo();
    ok(lab, 'kubectl run web --image=nginx');
    ok(lab, 'kubectl expose pod web --port=80');
    const name = ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath={.items[0].metadata.name}');
    const pod = ok(lab, 'kubectl get pod web -o jsonpath={.status.podIP}/{.spec.nodeName}').split('/');
    expect(ok(lab, `kubectl describe endpointslice ${name}`)).toBe(lines(
      `Name:         ${name}`,
      'Namespace:    default',
      'Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io',
      '              kubernetes.io/service-name=web',
      '              run=web',
      'Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2022-10-24T09:10:09Z',
      'AddressType:  IPv4',
      'Ports:',
      '  Name     Port  Protocol',
      '  ----     ----  --------',
      '  <unset>  80    TCP',
      'Endpoints:',
      `  - Addresses:  ${pod[0]}`,
      '    Conditions:',
      '      Ready:    true',
      '    Hostname:   <unset>',
      '    TargetRef:  Pod/web',
      `    NodeName:   ${pod[1]}`,
      '    Zone:       <unset>',
      'Events:         <none>',
    ));
  });

  it('describe endpointslice of a placeholder: "Ports: <unset>" and "Endpoints: <none>"', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    expect(ok(lab, 'kubectl describe endpointslice web')).toMatch(/\nAddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\nEvents:  <none>\n$/);
  });

  it('more than 100 pods: a second slice (maxEndpointsPerSlice)', () => {
    const lab = demo();
    ok(lab, 'kubectl expose deploy nginx --port=80');
    ok(lab, 'kubectl scale deploy nginx --replicas=150');
    const items = parseYaml(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=nginx -o yaml')).items as Array<{ endpoints: unknown[] }>;
    expect(items.map((i) => i.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100]);
  });
});

describe('the new kinds elsewhere in kubectl', () => {
  it('get svc,ep,endpointslices prints each kind with its group', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    const out = ok(lab, 'kubectl get svc,ep,endpointslices -l app=web -o name');
    expect(out).toMatch(new RegExp(`^service/web\nendpoints/web\nendpointslice\\.discovery\\.k8s\\.io/web-${SAFE}{5}\n$`));
  });

  it('completion: create service subcommands and live service and slice names', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    expect(completeKubectl(['create', 'se'], lab.cluster)).toEqual(['service']);
    expect(completeKubectl(['create', 'service', ''], lab.cluster)).toEqual(['clusterip', 'externalname', 'loadbalancer', 'nodeport']);
    expect(completeKubectl(['describe', 'svc', 'w'], lab.cluster)).toEqual(['web']);
    expect(completeKubectl(['get', 'endpointslices', 'web-'], lab.cluster)).toHaveLength(1);
    expect(completeKubectl(['create', 'service', 'clusterip', 'web', '--t'], lab.cluster)).toEqual(['--tcp']);
  });

  it('delete svc takes its Endpoints and slices with it', () => {
    const lab = demo();
    ok(lab, 'kubectl create service clusterip web --tcp=80');
    expect(lab.exec('kubectl delete svc web')).toEqual({ exitCode: 0, output: 'service "web" deleted\n' });
    expect(ok(lab, 'kubectl get endpointslices -l kubernetes.io/service-name=web -o name')).toBe('');
    expect(lab.exec('kubectl get ep web').exitCode).toBe(1);
  });

  it('replay of create service rebuilds the same state', async () => {
    const lab = demo(3);
    ok(lab, 'kubectl create service nodeport np --tcp=80:8080');
    ok(lab, 'kubectl create service clusterip hl --clusterip=None');
    ok(lab, 'kubectl create service externalname ext --external-name=example.com');
    ok(lab, 'kubectl scale deploy nginx --replicas=2');
    const { Engine } = await import('../../../../sandbox/engine');
    const e = lab.cluster!;
    expect(Engine.replay(e.state.origin, e.log).toJSON()).toEqual(e.toJSON());
  });
});
