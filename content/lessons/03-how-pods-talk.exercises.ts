/**
 * Exercises of lesson 3, "How pods talk". The schema of every field is in
 * sandbox/grading/spec.ts. The CoreDNS pod is named by its address (the .2
 * of the control plane's pod CIDR, the first address host-local gave out),
 * since its name differs in every lab.
 */
import type { ExerciseSpec } from '../../sandbox/index';

const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';
const WEB = 'kubectl run web --image=rancher/hello-world';
const COREDNS = { podCidrOf: 'control-plane', host: 2 } as const;

export const exercises: ExerciseSpec[] = [
  {
    kind: 'choice',
    id: 'pt-why-localhost-works',
    prompt: 'A Jenkins build agent pod has two containers: the agent, and a Docker daemon (docker:dind) listening on port 2375. The agent reaches the daemon at tcp://localhost:2375. Why does that work?',
    hints: [
      'Add a second container to a pod with kubectl debug -it POD --image=busybox and compare ip addr in both.',
      'What does a pod have exactly one of?',
    ],
    options: [
      {
        id: 'a',
        text: 'All containers of a pod share one network namespace: the same interfaces, the same address and the same localhost',
        correct: true,
        reason: 'The pod, not the container, owns the network namespace. The daemon\'s port 2375 on 127.0.0.1 is the agent\'s 127.0.0.1 too.',
      },
      {
        id: 'b',
        text: 'The kubelet forwards localhost connections from one container to the other',
        correct: false,
        reason: 'Nothing forwards anything: both processes sit in the same network namespace, so the kernel connects them directly.',
      },
      {
        id: 'c',
        text: 'It only works once a Service named localhost points at the pod',
        correct: false,
        reason: 'localhost is the loopback interface inside the pod\'s own namespace; Services play no part.',
      },
    ],
    setup: { lines: [WEB] },
    solution: {
      steps: ['kubectl exec web -- ip addr show eth0', 'kubectl debug -it web --image=busybox', 'ip addr show eth0', 'wget -qO- http://localhost', 'exit'],
      answer: 'a',
      explanation: 'A pod is one network namespace that all its containers join, so its containers talk over localhost and must not listen on the same port.',
    },
  },
  {
    kind: 'route-fact',
    id: 'pt-next-hop-to-a-neighbour',
    prompt: 'Pod {src.name} and the CoreDNS pod ({dst.ip}) both run on node {src.node}, in the same /24. Which next hop and device does {src.name} use for packets to {dst.ip}?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: COREDNS },
    ask: ['via', 'dev'],
    hints: [
      'kubectl exec {src.name} -- ip route shows the pod\'s whole routing table.',
      'Which of its routes covers {dst.ip}? kubectl exec {src.name} -- ip route get {dst.ip} asks the kernel directly.',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl get pods -n kube-system -o wide', 'kubectl exec {src.name} -- ip route', 'kubectl exec {src.name} -- ip route get {dst.ip}'],
      captures: [{ step: 2, pattern: '^(\\S+ via .*)$', names: ['line'] }],
      answer: '{line}',
      explanation: 'The ptp plugin gives the pod no directly connected /24: even {dst.cidr} goes via the gateway {src.cidr}\'s .1, which is the node. A neighbour on the same node is reached through the node, as a router.',
    },
  },
  {
    kind: 'path',
    id: 'pt-same-node-devices',
    prompt: 'Write the devices a packet from pod {src.name} to the CoreDNS pod ({dst.ip}) on the same node, {src.node}, enters and leaves, in order (e.g. "pod eth0 -> node veth... -> ...").',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: COREDNS },
    detail: 'devices',
    hints: [
      'The packet leaves the pod through its eth0 and enters the node through the other end of that veth pair.',
      'On {src.node} (minikube ssh -p multinode-demo), ip route get {src.ip} names the veth that leads to {src.name}, and ip route get {dst.ip} the one that leads to CoreDNS.',
      'kubectl get pods -n kube-system -o wide gives the CoreDNS pod\'s name.',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: [
        'kubectl get pods -n kube-system -o wide',
        'minikube ssh -p multinode-demo -n {src.node}',
        'ip route get {src.ip}',
        'ip route get {dst.ip}',
        'exit',
      ],
      captures: [
        { step: 0, pattern: '^(coredns-\\S+)', names: ['cdns'] },
        { step: 2, pattern: 'dev (\\S+)', names: ['v1'] },
        { step: 3, pattern: 'dev (\\S+)', names: ['v2'] },
      ],
      answer: '{src.name} eth0 -> {src.node} {v1} -> {src.node} {v2} -> {cdns} eth0',
      explanation: 'There is no bridge: the packet crosses {src.name}\'s veth pair into {src.node}, the node routes it with the /32 route for {dst.ip}, and it leaves down CoreDNS\'s veth pair.',
    },
  },
  {
    kind: 'predict',
    id: 'pt-hops-across-nodes',
    prompt: 'Pod {src.name} on {src.node} pings pod {dst.name} ({dst.ip}) on {dst.node}. Which TTL does ping print for the reply, and how many lines does traceroute -n {dst.ip} print (not counting its header)?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-2' } }, dst: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    ask: ['ttl', 'hops'],
    hints: [
      'Every router on the way lowers the TTL by one. The reply starts at 64.',
      'Which machines route the packet? Its own node, then...',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl exec {src.name} -- ping -c 1 {dst.ip}', 'kubectl exec {src.name} -- traceroute -n {dst.ip}'],
      captures: [
        { step: 0, pattern: 'ttl=(\\d+)', names: ['ttl'] },
        { step: 1, pattern: '(\\d+)\\s+{dst.ip}', names: ['hops'] },
      ],
      answer: { ttl: '{ttl}', hops: '{hops}' },
      explanation: 'Two nodes route the packet, {src.node} (seen as its pod gateway, the .1 of {src.cidr}) and {dst.node} (its INTERNAL-IP); the third line is the pod. The reply crosses the same two routers, so 64 becomes 62.',
    },
  },
  {
    kind: 'choice',
    id: 'pt-what-crosses-the-wire',
    prompt: 'A packet goes from pod {src.name} to pod {dst.name} on {dst.node}. What travels over the node network between {src.node} and {dst.node} in this kindnet cluster?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-1' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    hints: [
      'On {src.node}, ip route shows how kindnet reaches {dst.cidr}: a plain route via the peer node, or a tunnel device?',
      'ip -br addr on the node lists every device. Is there a vxlan or tunnel device?',
    ],
    options: [
      {
        id: 'a',
        text: 'The pod\'s own packet, source {src.ip} and destination {dst.ip}, in an Ethernet frame addressed to {dst.node}',
        correct: true,
        reason: 'kindnet installs a plain route, {dst.cidr} via {dst.node}\'s INTERNAL-IP, so the node forwards the packet unchanged as a router would.',
      },
      {
        id: 'b',
        text: 'A UDP packet between the two nodes\' addresses with the pod\'s packet inside it (VXLAN)',
        correct: false,
        reason: 'That is what an overlay such as flannel\'s default VXLAN backend does. kindnet has no tunnel device; ip -br addr shows none.',
      },
      {
        id: 'c',
        text: 'The pod\'s packet with its source rewritten to {src.node}\'s address',
        correct: false,
        reason: 'kindnet masquerades only traffic to destinations outside 10.244.0.0/16; pod-to-pod keeps its source.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['minikube ssh -p multinode-demo -n {src.node}', 'ip route', 'ip -br addr', 'exit'],
      answer: 'a',
      explanation: 'No encapsulation and no NAT: {src.node} routes the pod packet to {dst.node} over the node network, which works because both nodes sit on the same network and kindnet tells each of them where the other\'s pods are.',
    },
  },
];
