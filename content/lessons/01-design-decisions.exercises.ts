/**
 * Exercises of lesson 1, "Design decisions of the Kubernetes network model".
 * The schema of every field is in sandbox/grading/spec.ts. Subjects are
 * symbolic (`worker-1`, the nginx pod on it...), so every learner is asked
 * about their own cluster and the answer is computed from it.
 */
import type { ExerciseSpec } from '../../sandbox/index';

const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';

export const exercises: ExerciseSpec[] = [
  {
    kind: 'choice',
    id: 'dd-two-web-servers-one-node',
    prompt: 'Two teams each run a web server that listens on port 80, and the scheduler puts both pods on node {node.name}. What happens?',
    subjects: { node: { node: 'worker-1' } },
    hints: [
      'Whose port 80 is it: the node\'s or the pod\'s?',
      'Run kubectl get pods -o wide after scaling nginx up: several pods on one node, all serving port 80.',
    ],
    options: [
      {
        id: 'a',
        text: 'Both start and both listen on port 80, each on its own pod IP address',
        correct: true,
        reason: 'Every pod has its own network namespace and address, so port 80 in one pod has nothing to do with port 80 in the other.',
      },
      {
        id: 'b',
        text: 'The second pod stays Pending until the first one frees port 80 on {node.name}',
        correct: false,
        reason: 'Only a pod that asks for a hostPort claims a port on the node itself; an ordinary containerPort claims nothing there.',
      },
      {
        id: 'c',
        text: 'kube-proxy moves the second server to a random free port and rewrites the traffic',
        correct: false,
        reason: 'Nothing renumbers ports. That kind of bookkeeping is exactly what an address per pod avoids.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl get pods -o wide'],
      answer: 'a',
      explanation: 'An IP address per pod makes ports a private matter of each pod, as they are on separate machines: any number of pods on {node.name} can use port 80.',
    },
  },
  {
    kind: 'predict',
    id: 'dd-source-survives',
    prompt: 'Pod {src.name} on {src.node} pings pod {dst.name} ({dst.ip}) on {dst.node} once. Does it get a reply? From which source address does {dst.name} see the request come?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-1' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    ask: ['arrives', 'source'],
    hints: [
      'kubectl get pods -o wide shows the address of {src.name}.',
      'The packet leaves through {src.node}. On that node, sudo iptables -t nat -S KIND-MASQ-AGENT shows which destinations kindnet leaves alone.',
      'The first rule returns (does nothing) for every destination in 10.244.0.0/16. Is {dst.ip} in there?',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: [
        'kubectl get pods -o wide',
        'minikube ssh -p multinode-demo -n {src.node}',
        'sudo iptables -t nat -S KIND-MASQ-AGENT',
        'exit',
        'kubectl exec {src.name} -- ping -c 1 {dst.ip}',
      ],
      captures: [
        { step: 0, pattern: '^{src.name}\\s+(?:\\S+\\s+){4}(\\S+)', names: ['srcip'] },
        { step: 4, pattern: '(\\d+% packet loss)', names: ['loss'] },
      ],
      answer: { arrives: '{loss}', source: '{srcip}' },
      explanation: 'Pod-to-pod traffic is never translated: KIND-MASQ-AGENT returns for destinations in 10.244.0.0/16 before it gets to MASQUERADE, so {dst.name} sees the pod\'s own address, {src.ip}.',
    },
  },
  {
    kind: 'predict',
    id: 'dd-node-reaches-its-pod',
    prompt: 'From a shell on node {src.name} you ping pod {dst.name} ({dst.ip}), which runs on that node, once. Does it answer? Which source address does the pod see? Which TTL does ping print for the reply?',
    subjects: { src: { node: 'worker-2' }, dst: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    ask: ['arrives', 'source', 'ttl'],
    hints: [
      'Log in with minikube ssh -p multinode-demo -n {src.name} and ask the kernel: ip route get {dst.ip}.',
      'The answer names the device and, after "src", the address the node sends from.',
      'A reply that crosses no router keeps the TTL it started with, 64.',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['minikube ssh -p multinode-demo -n {src.name}', 'ip route get {dst.ip}', 'ping -c 1 {dst.ip}', 'exit'],
      captures: [
        { step: 1, pattern: 'src (\\S+)', names: ['src'] },
        { step: 2, pattern: 'ttl=(\\d+)', names: ['ttl'] },
        { step: 2, pattern: '(\\d+% packet loss)', names: ['loss'] },
      ],
      answer: { arrives: '{loss}', source: '{src}', ttl: '{ttl}' },
      explanation: 'The CNI plugin gave {src.name} a route for {dst.ip} straight onto the pod\'s veth, so the node reaches its pod with no router in between (TTL 64). The kernel takes the source address from that veth, which carries the pod gateway address (the .1 of {dst.cidr}); the kubelet\'s health checks leave the node the same way.',
    },
  },
  {
    kind: 'choice',
    id: 'dd-who-answers-dns',
    prompt: 'Pod {src.name} has "nameserver 10.96.0.10" in its /etc/resolv.conf. What is 10.96.0.10?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    hints: [
      'kubectl exec {src.name} -- cat /etc/resolv.conf shows the file.',
      'kubectl get svc -A lists the cluster\'s Service addresses. Is 10.96.0.10 among them?',
    ],
    options: [
      {
        id: 'a',
        text: 'The ClusterIP of the kube-dns Service, which forwards to the CoreDNS pods',
        correct: true,
        reason: 'kubectl get svc -n kube-system shows it. The kubelet writes this address into every pod\'s resolv.conf.',
      },
      {
        id: 'b',
        text: 'The DNS resolver of node {src.node}',
        correct: false,
        reason: 'The node resolves names through Docker\'s resolver (127.0.0.11 in its own resolv.conf); pods get the cluster DNS instead.',
      },
      {
        id: 'c',
        text: 'The pod IP address of the CoreDNS pod',
        correct: false,
        reason: 'The CoreDNS pod has an address from the pod network (10.244.0.x). 10.96.0.10 is a stable Service address in front of it that outlives any one pod.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl exec {src.name} -- cat /etc/resolv.conf', 'kubectl get svc -n kube-system kube-dns', 'kubectl get pods -n kube-system -o wide'],
      answer: 'a',
      explanation: 'Pods ask the kube-dns Service (10.96.0.10) for names; the Service forwards to the CoreDNS pod, whose own address is in the pod network.',
    },
  },
];
