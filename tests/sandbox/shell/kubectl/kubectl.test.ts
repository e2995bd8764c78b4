import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { createLab, type Lab } from '../../../../sandbox/index';
import { parseFlags } from '../../../../sandbox/shell/flags';
import { completeKubectl } from '../../../../sandbox/shell/commands/kubectl';

/** The article's moment: the demo deployment created, 14 s later. */
function demo(seed = 0): Lab {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=3');
  lab.advance(14_000);
  return lab;
}

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

describe('the article demo (seed 0)', () => {
  it('create deploy prints the confirmation', () => {
    const lab = createLab({ scenario: 'multinode-demo', seed: 0 });
    expect(lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=3')).toEqual({ exitCode: 0, output: 'deployment.apps/nginx created\n' });
  });

  it('get pods -o wide prints the article table', () => {
    expect(demo().exec('kubectl get pods -o wide')).toEqual({
      exitCode: 0,
      output: lines(
        'NAME                     READY   STATUS    RESTARTS   AGE   IP           NODE                 NOMINATED NODE   READINESS GATES',
        'nginx-5844775f89-4nnwf   1/1     Running   0          14s   10.244.0.3   multinode-demo       <none>           <none>',
        'nginx-5844775f89-9ptln   1/1     Running   0          14s   10.244.2.2   multinode-demo-m03   <none>           <none>',
        'nginx-5844775f89-r6tkk   1/1     Running   0          14s   10.244.1.2   multinode-demo-m02   <none>           <none>',
      ),
    });
  });

  it('get all prints one table per kind, kind-prefixed, separated by a blank line', () => {
    expect(demo().exec('kubectl get all').output).toBe(lines(
      'NAME                         READY   STATUS    RESTARTS   AGE',
      'pod/nginx-5844775f89-4nnwf   1/1     Running   0          14s',
      'pod/nginx-5844775f89-9ptln   1/1     Running   0          14s',
      'pod/nginx-5844775f89-r6tkk   1/1     Running   0          14s',
      '',
      'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
      'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   10m',
      '',
      'NAME                    READY   UP-TO-DATE   AVAILABLE   AGE',
      'deployment.apps/nginx   3/3     3            3           14s',
      '',
      'NAME                               DESIRED   CURRENT   READY   AGE',
      'replicaset.apps/nginx-5844775f89   3         3         3       14s',
    ));
  });

  it.each([
    ['kubectl get deploy -o wide', lines(
      'NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS    IMAGES                SELECTOR',
      'nginx   3/3     3            3           14s   hello-world   rancher/hello-world   app=nginx',
    )],
    ['kubectl get rs', lines('NAME               DESIRED   CURRENT   READY   AGE', 'nginx-5844775f89   3         3         3       14s')],
    ['kubectl get svc -A -o wide', lines(
      'NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE   SELECTOR',
      'default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  10m   <none>',
      'kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   10m   k8s-app=kube-dns',
    )],
    ['kubectl get ep -A', lines(
      'NAMESPACE     NAME         ENDPOINTS                                     AGE',
      'default       kubernetes   192.168.103.2:8443                            10m',
      'kube-system   kube-dns     10.244.0.2:53,10.244.0.2:53,10.244.0.2:9153   10m',
    )],
    ['kubectl get po -l app=nginx -o name', lines('pod/nginx-5844775f89-4nnwf', 'pod/nginx-5844775f89-9ptln', 'pod/nginx-5844775f89-r6tkk')],
    ['kubectl get pods -o jsonpath={.items[*].status.podIP}', '10.244.0.3 10.244.2.2 10.244.1.2'],
    ['kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers', lines(
      'nginx-5844775f89-4nnwf   multinode-demo', 'nginx-5844775f89-9ptln   multinode-demo-m03', 'nginx-5844775f89-r6tkk   multinode-demo-m02',
    )],
    ['kubectl get ns', lines('NAME              STATUS   AGE', 'default           Active   10m', 'kube-node-lease   Active   10m', 'kube-public       Active   10m', 'kube-system       Active   10m')],
    ['kubectl get pod/nginx-5844775f89-4nnwf --show-labels', lines(
      'NAME                     READY   STATUS    RESTARTS   AGE   LABELS',
      'nginx-5844775f89-4nnwf   1/1     Running   0          14s   app=nginx,pod-template-hash=5844775f89',
    )],
    ['kubectl -n kube-system get po -l k8s-app=kube-dns', lines('NAME                       READY   STATUS    RESTARTS   AGE', 'coredns-565d847f94-b8qw7   1/1     Running   0          10m')],
    ['kubectl get po -l \'app in (web,db)\'', 'No resources found in default namespace.\n'],
    ['kubectl get po -l app!=nginx', 'No resources found in default namespace.\n'],
    ['kubectl config current-context', 'multinode-demo\n'],
  ])('%s', (line, output) => {
    expect(demo().exec(line).output).toBe(output);
  });

  it('-A adds NAMESPACE and lists the kube-system pods (host-network ones with the node IP)', () => {
    const out = demo().exec('kubectl get pods -A -o wide').output;
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE {5}NAME {2,}READY/);
    expect(out).toMatch(/kube-system {3}etcd-multinode-demo +1\/1 +Running +0 +10m +192\.168\.103\.2 +multinode-demo /);
    expect(out).toMatch(/kube-system {3}coredns-565d847f94-\w{5} +1\/1 .* 10\.244\.0\.2 /);
  });

  it('describe pod has the real layout', () => {
    const out = demo().exec('kubectl describe pod nginx-5844775f89-r6tkk').output;
    expect(out).toContain(lines(
      'Name:             nginx-5844775f89-r6tkk',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             multinode-demo-m02/192.168.103.3',
      'Start Time:       Mon, 24 Oct 2022 09:09:55 +0000',
      'Labels:           app=nginx',
      '                  pod-template-hash=5844775f89',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.2',
      'IPs:',
      '  IP:           10.244.1.2',
      'Controlled By:  ReplicaSet/nginx-5844775f89',
    ));
    expect(out).toContain(lines('Conditions:', '  Type              Status', '  Initialized       True ', '  Ready             True ', '  ContainersReady   True ', '  PodScheduled      True '));
    expect(out).toContain('  Normal  Scheduled  14s   default-scheduler  Successfully assigned default/nginx-5844775f89-r6tkk to multinode-demo-m02\n');
  });

  it('describe node shows addresses, PodCIDR and the pods on it', () => {
    const out = demo().exec('kubectl describe node multinode-demo-m03').output;
    expect(out).toContain('  InternalIP:  192.168.103.4\n  Hostname:    multinode-demo-m03\n');
    expect(out).toMatch(/PodCIDR: +10\.244\.2\.0\/24\nPodCIDRs: +10\.244\.2\.0\/24\nNon-terminated Pods: +\(3 in total\)\n/);
    expect(out).toMatch(/ default +nginx-5844775f89-9ptln +0 \(0%\)/);
  });

  it.each(['deployment nginx', 'service kubernetes'])('describe %s', (what) => {
    const r = demo().exec(`kubectl describe ${what}`);
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^Name: +\w+\nNamespace: +default\n/);
  });

  it('-o json is Go-indented JSON that parses; a single name gives the object, else a List', () => {
    const lab = demo();
    const one = lab.exec('kubectl get pod nginx-5844775f89-4nnwf -o json').output;
    expect(one.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n')).toBe(true);
    const pod = JSON.parse(one) as { status: { podIP: string; hostIP: string }; spec: { nodeName: string } };
    expect(pod.status.podIP).toBe('10.244.0.3');
    expect(pod.spec.nodeName).toBe('multinode-demo');
    const list = JSON.parse(lab.exec('kubectl get deploy,svc -o json').output) as { kind: string; items: Array<{ kind: string }>; metadata: unknown };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.kind)).toEqual(['Deployment', 'Service']);
    expect(list.metadata).toEqual({ resourceVersion: '' });
  });

  it('-o yaml parses back to the same object as -o json', () => {
    const lab = demo();
    for (const what of ['pods', 'nodes', 'deploy', 'rs', 'svc -A', 'ep -A', 'endpointslices -A', 'ns', 'ds -A', 'events']) {
      const y = parseYaml(lab.exec(`kubectl get ${what} -o yaml`).output) as unknown;
      const j = JSON.parse(lab.exec(`kubectl get ${what} -o json`).output) as unknown;
      expect(y).toEqual(j);
    }
    expect(lab.exec('kubectl get pod nginx-5844775f89-4nnwf -o yaml').output).toContain('metadata:\n  creationTimestamp: "2022-10-24T09:09:55Z"\n  generateName: nginx-5844775f89-\n');
  });
});

describe('mutating commands', () => {
  it('scale, delete pod (replaced), delete deployment', () => {
    const lab = demo();
    expect(lab.exec('kubectl scale deployment/nginx --replicas=5')).toEqual({ exitCode: 0, output: 'deployment.apps/nginx scaled\n' });
    expect(lab.exec('kubectl get deploy nginx --no-headers').output).toMatch(/^nginx +5\/5 +5 +5 /);
    expect(lab.exec('kubectl scale deploy nginx --replicas=2').output).toBe('deployment.apps/nginx scaled\n');
    const pod = lab.exec('kubectl get po -o name').output.split('\n')[0]!.slice(4);
    expect(lab.exec(`kubectl delete pod ${pod}`)).toEqual({ exitCode: 0, output: `pod "${pod}" deleted\n` });
    expect(lab.exec('kubectl get po --no-headers').output.trim().split('\n')).toHaveLength(2);
    expect(lab.exec('kubectl delete deployment nginx')).toEqual({ exitCode: 0, output: 'deployment.apps "nginx" deleted\n' });
    expect(lab.exec('kubectl get deploy,po')).toEqual({ exitCode: 0, output: 'No resources found in default namespace.\n' });
  });

  it('run creates a bare pod labelled run=NAME', () => {
    const lab = demo();
    expect(lab.exec('kubectl run web --image=nginx')).toEqual({ exitCode: 0, output: 'pod/web created\n' });
    expect(lab.exec('kubectl get po web --show-labels --no-headers').output).toMatch(/^web +1\/1 +Running +0 +0s +run=web\n$/);
    expect(lab.exec('kubectl run web --image=nginx')).toEqual({ exitCode: 1, output: 'Error from server (AlreadyExists): pods "web" already exists\n' });
  });
});

describe('exec and debug', () => {
  it('debug node prints the pod line and the prompt hint, then enters the node as root', () => {
    const lab = demo();
    const r = lab.exec('kubectl debug node/multinode-demo-m02 -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11');
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^Creating debugging pod node-debugger-multinode-demo-m02-[bcdfghjklmnpqrstvwxz2456789]{5} with container debugger on node multinode-demo-m02\.\nIf you don't see a command prompt, try pressing enter\.\n$/);
    expect(lab.exec('whoami').output).not.toContain('not found');
    // The same lab and lines give the same suffix.
    const again = demo().exec('kubectl debug node/multinode-demo-m02 -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11');
    expect(again.output).toBe(r.output);
  });

  it('debug POD adds an ephemeral container', () => {
    const r = demo().exec('kubectl debug nginx-5844775f89-4nnwf -it --image=nicolaka/netshoot');
    expect(r.output).toMatch(/^Defaulting debug container name to debugger-[bcdfghjklmnpqrstvwxz2456789]{5}\.\nIf you don't see a command prompt, try pressing enter\.\n$/);
  });

  it('exec -it sh enters the pod; exit comes back', () => {
    const lab = demo();
    expect(lab.exec('kubectl exec -it nginx-5844775f89-4nnwf -- sh')).toEqual({ exitCode: 0, output: '' });
    expect(lab.exec('kubectl get pods').exitCode).toBe(127);
    lab.exec('exit');
    expect(lab.exec('kubectl get pods').exitCode).toBe(0);
  });

  it.each([
    ['kubectl exec nope -- ls', 1, 'Error from server (NotFound): pods "nope" not found\n'],
    ['kubectl exec nginx-5844775f89-4nnwf -- curl localhost', 126,
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n'],
    ['kubectl exec', 1, "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n"],
    ['kubectl exec nginx-5844775f89-4nnwf', 1, "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples\n"],
    ['kubectl debug node/multinode-demo -it', 1, 'error: you must specify --image when not using --copy-to.\n'],
    ['kubectl debug node/nope -it --image=busybox', 1, 'Error from server (NotFound): nodes "nope" not found\n'],
    ['kubectl debug node/multinode-demo -t --image=busybox', 1, 'error: -i/--stdin is required for containers with -t/--tty=true\n'],
  ])('%s', (line, code, output) => {
    expect(demo().exec(line)).toEqual({ exitCode: code, output });
  });

  it('exec without -- warns that the form is deprecated and still runs', () => {
    const r = demo().exec('kubectl exec nginx-5844775f89-4nnwf curl x');
    expect(r.output.startsWith('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\nOCI runtime exec failed')).toBe(true);
  });
});

describe('errors print as kubectl v1.25 prints them', () => {
  it.each([
    ['kubectl create deployment web', 'error: required flag(s) "image" not set\n'],
    ['kubectl run Bad_Name --image=nginx', 'The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n'],
    ['kubectl create deploy nginx --image=nginx', 'error: failed to create deployment: deployments.apps "nginx" already exists\n'],
    ['kubectl create deployment Web_1 --image=nginx', 'error: failed to create deployment: Deployment.apps "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n'],
    ['kubectl create deployment web --image=nginx --replicas=x', 'error: invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n'],
    ['kubectl scale deploy nginx --replicas=x', 'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl scale --help\' for usage.\n'],
    ['kubectl scale deploy nginx', 'error: required flag(s) "replicas" not set\n'],
    ['kubectl scale deploy nope --replicas=1', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['kubectl delete pod nope', 'Error from server (NotFound): pods "nope" not found\n'],
    ['kubectl delete deploy nope', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['kubectl get po nope', 'Error from server (NotFound): pods "nope" not found\n'],
    ['kubectl get po --output', "error: flag needs an argument: --output\nSee 'kubectl get --help' for usage.\n"],
    ['kubectl get po -A=maybe', 'error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl get --help\' for usage.\n'],
    ['kubectl get po -o jsonpath', 'error: template format specified but no template given\n'],
    ['kubectl get po -o custom-columns=NAME', 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n'],
    ['kubectl get po -w', 'podlab: --watch streams changes as they happen; this lab\'s clock only moves between commands, so run "kubectl get" again to see what changed.\n'],
    ['kubectl get po -n nowhere', 'No resources found in nowhere namespace.\n'],
    ['kubectl delete pod', 'error: resource(s) were provided, but no name was specified\n'],
    ['kubectl delete', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['kubectl dscribe po', 'error: unknown command "dscribe" for "kubectl"\n\nDid you mean this?\n\tdescribe\n'],
  ])('%s', (line, output) => {
    expect(demo().exec(line).output).toBe(output);
  });

  it('without a cluster every server command is refused', () => {
    const lab = createLab({ scenario: 'laptop' });
    for (const line of ['kubectl get pods', 'kubectl describe node x', 'kubectl create deploy a --image=b', 'kubectl scale deploy a --replicas=1', 'kubectl delete pod a', 'kubectl exec a -- ls', 'kubectl debug node/a -it --image=b', 'kubectl logs a', 'kubectl api-resources']) {
      expect(lab.exec(line)).toEqual({ exitCode: 1, output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n' });
    }
  });

  it('version --client works without a cluster', () => {
    expect(createLab({ scenario: 'laptop' }).exec('kubectl version --client --short')).toEqual({ exitCode: 0, output: 'Client Version: v1.25.2\nKustomize Version: v4.5.7\n' });
  });
});

describe('informational commands', () => {
  it('cluster-info uses the real colours', () => {
    expect(demo().exec('kubectl cluster-info').output).toBe(
      '\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://192.168.103.2:8443\x1b[0m\n' +
        '\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://192.168.103.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n' +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });

  it('version prints the v1.25 warning and both versions', () => {
    const out = demo().exec('kubectl version').output.split('\n');
    expect(out[0]).toBe('WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short.  Use --output=yaml|json to get the full version.');
    expect(out[1]).toMatch(/^Client Version: version.Info\{Major:"1", Minor:"25", GitVersion:"v1.25.2", GitCommit:"5835544ca568b757a8ecae5c153f317e5736700e"/);
    expect(out[2]).toBe('Kustomize Version: v4.5.7');
    expect(JSON.parse(demo().exec('kubectl version -o json').output)).toMatchObject({ serverVersion: { gitVersion: 'v1.25.2' } });
  });

  it('api-resources lists the core and apps types', () => {
    const out = demo().exec('kubectl api-resources').output;
    expect(out.split('\n')[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(out).toMatch(/\npods +po +v1 +true +Pod\n/);
    expect(out).toMatch(/\ndeployments +deploy +apps\/v1 +true +Deployment\n/);
  });

  it('help texts follow cobra\'s layout', () => {
    const h = demo().exec('kubectl get --help').output;
    expect(h).toMatch(/^Display one or many resources\./);
    expect(h).toContain('\nExamples:\n');
    expect(h).toContain('\nOptions:\n    -A, --all-namespaces=false:\n\t');
    expect(h).toContain('\nUsage:\n  kubectl get [(-o|--output=)');
    expect(demo().exec('kubectl explain pods').output).toMatch(/^KIND: {5}Pod\nVERSION: {2}v1\n/);
  });
});

describe('flag parser (pflag rules)', () => {
  const specs = [
    { name: 'output', short: 'o', type: 'string' as const },
    { name: 'stdin', short: 'i', type: 'bool' as const },
    { name: 'tty', short: 't', type: 'bool' as const },
    { name: 'replicas', type: 'int' as const },
  ];
  it.each([
    [['-ojson'], 'output', 'json'],
    [['-o=json'], 'output', 'json'],
    [['-o', 'json'], 'output', 'json'],
    [['--output=json'], 'output', 'json'],
    [['-it'], 'tty', true],
    [['--replicas', '0x10'], 'replicas', 16],
  ])('%j', (args, name, value) => {
    const p = parseFlags(args, specs);
    expect(p.ok && p.values.get(name)).toBe(value);
  });

  it('-- ends the flags and records where', () => {
    expect(parseFlags(['pod', '-i', '--', 'ls', '-l'], specs)).toMatchObject({ ok: true, positionals: ['pod', 'ls', '-l'], argsLenAtDash: 1 });
  });
});

describe('completion', () => {
  it('offers types, live names and flags', () => {
    const lab = demo();
    expect(completeKubectl(['get', 'po'], lab.cluster)).toEqual(['pods']);
    expect(completeKubectl(['get', 'pods', 'nginx-5844775f89-4'], lab.cluster)).toEqual(['nginx-5844775f89-4nnwf']);
    expect(completeKubectl(['debug', 'node/multinode-demo-m0'], lab.cluster)).toEqual(['node/multinode-demo-m02', 'node/multinode-demo-m03']);
    expect(completeKubectl(['get', 'pods', '--show-'], lab.cluster)).toEqual(['--show-kind', '--show-labels']);
    expect(completeKubectl(['sca'], lab.cluster)).toEqual(['scale']);
  });
});

describe('bad input never breaks kubectl', () => {
  const vocab = ['get', 'describe', 'create', 'deployment', 'deploy', 'run', 'scale', 'delete', 'exec', 'debug', 'logs', 'version', 'config', 'cluster-info',
    'api-resources', 'explain', 'help', 'pods', 'po', 'nodes', 'no', 'svc', 'ep', 'rs', 'ns', 'all', 'events', 'endpointslices', 'ds', 'nginx', 'node/multinode-demo',
    'nginx-5844775f89-4nnwf', 'pod/nginx-5844775f89-9ptln', 'deployment/nginx', '-o', 'wide', 'yaml', 'json', 'name', '-ojsonpath={.items[*].metadata.name}',
    '-ocustom-columns=N:.metadata.name', '-n', 'kube-system', '-A', '-l', 'app=nginx', 'app in (x)', '--show-labels', '--no-headers', '--image=busybox', '--replicas=2',
    '--replicas', '-it', '--', 'sh', 'ls', 'ip', '--help', '-h', '-w', '-z', '--bogus', '=', '', '{', '}', '-', '--=x', '-o=', 'current-context'];
  const word = fc.oneof(fc.constantFrom(...vocab), fc.string({ maxLength: 12 }));
  const mutating = new Set(['create', 'run', 'scale', 'delete']);

  it('random argument lists return, print no internal error, and change state only when a mutation succeeds', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (args) => {
        const lab = demo();
        const before = JSON.stringify(lab.cluster!.toJSON());
        const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
        const r = lab.exec(`kubectl ${quoted}`);
        expect(typeof r.output).toBe('string');
        expect(r.output).not.toContain('internal error');
        const after = JSON.stringify(lab.cluster!.toJSON());
        const isMutation = args.some((a) => mutating.has(a)) && r.exitCode === 0;
        if (!isMutation) expect(after).toBe(before);
      }),
      { numRuns: 400 },
    );
  });
});

describe('dry runs say which kind they were, as cli-runtime prints them', () => {
  it.each([
    ['client', 'deployment.apps/web created (dry run)\n'],
    ['server', 'deployment.apps/web created (server dry run)\n'],
  ])('--dry-run=%s', (mode, output) => {
    const lab = createLab({ scenario: 'multinode-demo' });
    expect(lab.exec(`kubectl create deploy web --image=nginx --dry-run=${mode}`)).toEqual({ output, exitCode: 0 });
    expect(lab.exec('kubectl get deploy web').exitCode).toBe(1);
  });
});

describe('logs say what the image prints when it starts', () => {
  it('rancher/hello-world announces its port, nginx its version as curl sees it', () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    lab.exec('kubectl create deploy nginx --image=rancher/hello-world --replicas=1');
    expect(lab.exec('kubectl logs deploy/nginx')).toEqual({ output: 'Running http service at 80 port\n', exitCode: 0 });
    lab.exec('kubectl run web --image=nginx');
    expect(lab.exec('kubectl logs web').output).toContain('[notice] 1#1: nginx/1.23.2\n');
  });
  it('TYPE/NAME reads one of its pods, and says which when there are several (on stderr, as kubectl does)', () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    lab.exec('kubectl create deploy web --image=nginx --replicas=3');
    // A deployment whose name starts like another's: its pods are not web's.
    lab.exec('kubectl create deploy web-api --image=rancher/hello-world');
    lab.exec('kubectl expose deploy web --port=80');
    const first = lab.cluster!.pods('default').filter((p) => p.name.startsWith('web-') && !p.name.startsWith('web-api-')).map((p) => p.name).sort()[0];
    for (const target of ['deploy/web', 'deployment.apps/web', 'svc/web', `rs/${first!.replace(/-[a-z0-9]{5}$/, '')}`]) {
      // The count and the pod go to stderr: a pipe gets the logs alone.
      expect(lab.exec(`kubectl logs ${target} | wc -l`).output, target).toBe(`Found 3 pods, using pod/${first}\n11\n`);
    }
    expect(lab.exec('kubectl logs deploy/web-api')).toEqual({ output: 'Running http service at 80 port\n', exitCode: 0 });
    expect(lab.exec('kubectl logs ds/kube-proxy -n kube-system').output).toMatch(/^Found 3 pods, using pod\/kube-proxy-[a-z0-9]{5}\n$/);
  });

  it('--tail, an inline container name, and a selector (the last 10 lines of each pod unless --tail says otherwise)', () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    lab.exec('kubectl create deploy web --image=nginx --replicas=2');
    const pods = lab.cluster!.pods('default').map((p) => p.name).sort();
    expect(lab.exec('kubectl logs deploy/web nginx --tail=1 2>/dev/null').output).toBe('2022/10/24 09:09:55 [notice] 1#1: start worker processes\n');
    expect(lab.exec('kubectl logs -l app=web | wc -l').output).toBe('20\n');
    expect(lab.exec('kubectl logs -l app=web --tail=-1 | wc -l').output).toBe('22\n');
    const prefixed = lab.exec('kubectl logs -l app=web --prefix --tail=1').output;
    expect(prefixed).toBe(pods.map((p) => `[pod/${p}/nginx] 2022/10/24 09:09:55 [notice] 1#1: start worker processes\n`).join(''));
    expect(lab.exec('kubectl logs -l app=nope')).toEqual({ output: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it("says what kubectl says when there is nothing to read or the question is wrong", () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    lab.exec('kubectl create deploy web --image=nginx --replicas=2');
    const see = "\nSee 'kubectl logs -h' for help and examples\n";
    const cases: Array<[string, string]> = [
      ['kubectl logs web-x -l app=web', `error: only a selector (-l) or a POD name is allowed${see}`],
      ['kubectl logs deploy/web nginx -c nginx', `error: only one of -c or an inline [CONTAINER] arg is allowed${see}`],
      ['kubectl logs a b c', `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command${see}`],
      ['kubectl logs deploy/nope', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
      ['kubectl logs node/multinode-demo', 'error: cannot get the logs from *v1.Node\n'],
      ['kubectl logs node/nope', 'Error from server (NotFound): nodes "nope" not found\n'],
      ['kubectl logs widgets/x', 'error: the server doesn\'t have a resource type "widgets"\n'],
      ['kubectl logs svc/kubernetes', "error: cannot attach to *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n"],
    ];
    for (const [line, output] of cases) expect(lab.exec(line), line).toEqual({ output, exitCode: 1 });
    // A deployment with no pods: kubectl waits for one, then gives up.
    lab.exec('kubectl scale deploy web --replicas=0');
    expect(lab.exec('kubectl logs deploy/web')).toEqual({ output: 'error: timed out waiting for the condition\n', exitCode: 1 });
  });
});
