/**
 * Exercises of lesson 2, "Three networks, not one". The schema of every field
 * is in sandbox/grading/spec.ts; subjects are symbolic, so each learner is
 * asked about their own cluster.
 */
import type { ExerciseSpec } from '../../sandbox/index';

const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';
const EXPOSE = 'kubectl expose deploy nginx --port=80';

export const exercises: ExerciseSpec[] = [
  {
    kind: 'classify',
    id: 'tn-classify-a-node-address',
    prompt: 'Which network is {addr.ip} in: node, pod, service, or none?',
    subjects: { addr: { node: 'worker-2' } },
    hints: [
      'kubectl get nodes -o wide lists the nodes\' addresses; kubectl get pods -A -o wide and kubectl get svc -A the others.',
      'The node network is the /24 that minikube\'s docker network gave the nodes.',
    ],
    solution: {
      steps: ['kubectl get nodes -o wide'],
      captures: [{ step: 0, pattern: '^(\\S+)\\s+(?:\\S+\\s+){4}{addr.ip}\\s', names: ['owner'] }],
      answer: 'node',
      explanation: '{addr.ip} is the INTERNAL-IP of node {owner}, an address on the docker network that minikube created for the profile.',
    },
  },
  {
    kind: 'classify',
    id: 'tn-classify-the-pod-gateway',
    prompt: 'Every veth on node {node.name} carries the address {addr.ip}. Which network is {addr.ip} in: node, pod, service, or none?',
    subjects: { addr: { podCidrOf: 'worker-1', host: 1 }, node: { node: 'worker-1' } },
    hints: [
      'Which range does the address fall into? Compare it with the node\'s INTERNAL-IP and with its pod CIDR.',
      'kubectl get nodes -o custom-columns=NAME:.metadata.name,POD-CIDR:.spec.podCIDR shows each node\'s pod CIDR.',
    ],
    solution: {
      steps: ['kubectl get nodes -o custom-columns=NAME:.metadata.name,POD-CIDR:.spec.podCIDR', 'minikube ssh -p multinode-demo -n {node.name}', 'ip -br addr', 'exit'],
      captures: [{ step: 0, pattern: '^{node.name}\\s+(\\S+)', names: ['cidr'] }],
      answer: 'pod',
      explanation: '{addr.ip} is the first address of {cidr}, the pod CIDR of {node.name}. It lives on the node, but it comes from the pod range: it is the gateway every pod on {node.name} sends its traffic to.',
    },
  },
  {
    kind: 'classify',
    id: 'tn-classify-a-service-address',
    prompt: 'The nginx Service got the address {addr.ip}. Which network is it in: node, pod, service, or none?',
    subjects: { addr: { service: 'default/nginx' } },
    hints: ['kubectl get svc shows the TYPE and CLUSTER-IP of each Service.'],
    setup: { lines: [NGINX, EXPOSE] },
    solution: {
      steps: ['kubectl get svc nginx'],
      captures: [{ step: 0, pattern: '^nginx\\s+(\\S+)', names: ['type'] }],
      answer: 'service',
      explanation: 'A {type} address comes from the service range, 10.96.0.0/12. No interface on any node carries it; the Service is virtual.',
    },
  },
  {
    kind: 'route-fact',
    id: 'tn-route-to-an-unused-pod-address',
    prompt: 'No pod has the address {dst.ip} (yet). Which next hop and device does node {src.name} use for packets to it?',
    subjects: { src: { node: 'worker-1' }, dst: { podCidrOf: 'control-plane', host: 200 } },
    ask: ['via', 'dev'],
    hints: [
      'Log in with minikube ssh -p multinode-demo -n {src.name} and ask the kernel: ip route get {dst.ip}.',
      'ip route shows the routes kindnet installed: one per other node, each covering that node\'s whole pod CIDR.',
    ],
    solution: {
      steps: ['minikube ssh -p multinode-demo -n {src.name}', 'ip route get {dst.ip}', 'exit'],
      captures: [{ step: 1, pattern: '^(\\S+ via .*)$', names: ['line'] }],
      answer: '{line}',
      explanation: '{dst.ip} is inside {dst.cidr}, the pod CIDR of {dst.node}. kindnet routes that whole /24 to {dst.node}\'s INTERNAL-IP, whether or not a pod uses the address.',
    },
  },
  {
    kind: 'choice',
    id: 'tn-office-inside-the-pod-range',
    prompt: 'Your office network also uses 10.244.0.0/16, and a pod on node {node.name} opens a connection to an office server at 10.244.7.20. What happens?',
    subjects: { node: { node: 'worker-1' } },
    hints: [
      'On {node.name}, ip route get 10.244.7.20 shows where the node sends it.',
      'sudo iptables -t nat -S KIND-MASQ-AGENT shows which destinations keep the pod\'s own source address.',
      'Where would the server send its reply to a 10.244.x.y address?',
    ],
    options: [
      {
        id: 'a',
        text: 'The packet leaves by the default route with the pod\'s own address as source, and the server\'s reply goes to the office\'s 10.244 network instead of back to the cluster',
        correct: true,
        reason: 'kindnet treats every 10.244.0.0/16 destination as pod traffic and does not masquerade it. The server answers an address its own network also claims, so the reply never comes back.',
      },
      {
        id: 'b',
        text: 'It works: the node masquerades the packet, so the server sees {node.name}\'s address',
        correct: false,
        reason: 'MASQUERADE applies only to destinations outside 10.244.0.0/16; the first rule of KIND-MASQ-AGENT returns before it.',
      },
      {
        id: 'c',
        text: 'kube-proxy catches the packet because 10.244.0.0/16 belongs to the cluster',
        correct: false,
        reason: 'kube-proxy only rewrites traffic to Service addresses (10.96.0.0/12). Pod addresses are routed, not proxied.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['minikube ssh -p multinode-demo -n {node.name}', 'ip route get 10.244.7.20', 'sudo iptables -t nat -S KIND-MASQ-AGENT', 'exit'],
      answer: 'a',
      explanation: 'No node claims 10.244.7.0/24, so {node.name} sends the packet to its default gateway, unmasqueraded. The reply is addressed to a 10.244 address, and the office routes that into its own network. Had the server been at an address inside a node\'s pod CIDR, the node would not even have sent it out: it would have gone to that node.',
    },
  },
];
