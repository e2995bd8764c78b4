/**
 * Exercises of lesson 5, "The three-node demo". The lesson's lab starts on
 * the laptop with no cluster, so every exercise's setup starts the article's
 * cluster first (a no-op when it is already running) and creates the nginx
 * deployment. The schema of every field is in sandbox/grading/spec.ts.
 */
import type { ExerciseSpec } from '../../sandbox/index';

const START = 'minikube start --nodes 3 -p multinode-demo';
const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';
const setup = { lines: [START, NGINX] };

export const exercises: ExerciseSpec[] = [
  {
    kind: 'route-fact',
    id: 'demo-first-node-next-hop',
    prompt: 'A packet for pod {dst.name} ({dst.ip}, on {dst.node}) arrives on node {src.name}. Which next hop and device does {src.name} send it to?',
    subjects: { src: { node: 'control-plane' }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    ask: ['via', 'dev'],
    hints: [
      'Get a shell on {src.name}: kubectl debug node/{src.name} -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11, or minikube ssh -p multinode-demo.',
      'ip route get {dst.ip} asks the kernel which route it would use.',
    ],
    setup,
    solution: {
      steps: ['kubectl debug node/{src.name} -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11', 'ip route get {dst.ip}', 'exit'],
      captures: [{ step: 1, pattern: '^(\\S+ via .*)$', names: ['line'] }],
      answer: '{line}',
      explanation: 'kindnetd gave {src.name} one route per peer node. {dst.ip} is in {dst.cidr}, the pod CIDR of {dst.node}, and that /24 route points at {dst.node}\'s INTERNAL-IP on eth0.',
    },
  },
  {
    kind: 'path',
    id: 'demo-packet-devices',
    prompt: 'Write every device a packet from pod {src.name} ({src.node}) to pod {dst.name} ({dst.ip}, on {dst.node}) leaves or enters, in order (e.g. "pod eth0 -> node veth... -> node eth0 -> ...").',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    detail: 'devices',
    hints: [
      'The pod\'s only way out is its eth0; the other end of that veth pair is on {src.node}.',
      'On {src.node}, ip route get {src.ip} names the pod\'s veth, and ip route get {dst.ip} the next hop and device out.',
      'On {dst.node}, ip route get {dst.ip} names the veth that leads to {dst.name}.',
    ],
    setup,
    solution: {
      steps: [
        'minikube ssh -p multinode-demo -n {src.node}', 'ip route get {src.ip}', 'ip route get {dst.ip}', 'exit',
        'minikube ssh -p multinode-demo -n {dst.node}', 'ip route get {dst.ip}', 'exit',
      ],
      captures: [
        { step: 1, pattern: 'dev (\\S+)', names: ['v1'] },
        { step: 2, pattern: 'via (\\S+) dev (\\S+)', names: ['peer', 'e1'] },
        { step: 5, pattern: 'dev (\\S+)', names: ['v2'] },
      ],
      answer: '{src.name} eth0 -> {src.node} {v1} -> {src.node} {e1} -> {dst.node} eth0 -> {dst.node} {v2} -> {dst.name} eth0',
      explanation: 'Out of the pod through its veth pair, routed by {src.node} onto eth0 towards {dst.node} ({peer}), routed again by {dst.node} with its /32 route down the destination pod\'s veth.',
    },
  },
  {
    kind: 'choice',
    id: 'demo-which-routes-carry-it',
    prompt: 'Which routes carry a packet from pod {src.name} on {src.node} to pod {dst.name} ({dst.ip}) on {dst.node}, and who installed them?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    hints: [
      'Look up {dst.ip} in three places: inside {src.name}, on {src.node}, on {dst.node}.',
      'Lesson 4: which of those routes came from a CNI ADD, and which from kindnetd?',
    ],
    options: [
      {
        id: 'a',
        text: 'The pod\'s default route via its gateway (ptp and host-local), {src.node}\'s route for {dst.cidr} via {dst.node} (kindnetd), and {dst.node}\'s /32 route for {dst.ip} down a veth (ptp)',
        correct: true,
        reason: 'Three lookups, three routes: two written by the CNI plugin when the pods started, one by kindnetd for the peer node.',
      },
      {
        id: 'b',
        text: 'One route for 10.244.0.0/16 on the docker network that connects the nodes',
        correct: false,
        reason: 'The docker network only knows node addresses. Each node has its own route per peer pod CIDR.',
      },
      {
        id: 'c',
        text: 'A tunnel route on each node that wraps the packet for the other node',
        correct: false,
        reason: 'kindnet uses plain routes; the nodes have no tunnel device.',
      },
    ],
    setup,
    solution: {
      steps: [
        'kubectl exec {src.name} -- ip route get {dst.ip}',
        'minikube ssh -p multinode-demo -n {src.node}', 'ip route get {dst.ip}', 'exit',
        'minikube ssh -p multinode-demo -n {dst.node}', 'ip route get {dst.ip}', 'exit',
      ],
      answer: 'a',
      explanation: 'In the pod: via the .1 of {src.cidr}. On {src.node}: {dst.cidr} via {dst.node}. On {dst.node}: {dst.ip} dev veth..., scope host.',
    },
  },
  {
    kind: 'fix-it',
    id: 'demo-fix-the-missing-route',
    prompt: 'Pod {src.name} on {src.node} can no longer ping pod {dst.name} ({dst.ip}) on {dst.node}. Find what is broken, repair it, then say what it was.',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    setup: {
      lines: [START, NGINX],
      faults: [{ fault: 'kindnet-stopped', on: 'worker-1' }, { fault: 'route-deleted', on: 'worker-1', to: 'control-plane' }],
    },
    hints: [
      'Follow the request first: on {src.node}, ip route get {dst.ip}. Does it look right?',
      'A ping needs a way back too. On {dst.node}, ip route get {src.ip}: where would the reply go?',
      'Compare ip route on {dst.node} with another node. Then, on {dst.node}: sudo ip route add {src.cidr} via <the INTERNAL-IP of {src.node}>.',
    ],
    broken: [
      {
        id: 'a',
        text: '{dst.node} had no route back to {src.cidr}, and with its kindnet pod not ready nothing put the route back',
        correct: true,
        reason: 'The request got there; the reply followed {dst.node}\'s default route to the docker gateway and was lost.',
      },
      {
        id: 'b',
        text: '{src.node} had no route to {dst.cidr}',
        correct: false,
        reason: 'ip route get {dst.ip} on {src.node} still went via {dst.node}: the request arrived, the reply did not.',
      },
      {
        id: 'c',
        text: 'IP forwarding was switched off on {src.node}',
        correct: false,
        reason: 'sysctl net.ipv4.ip_forward is 1 on every node; the packets went the wrong way, they were not dropped by a node.',
      },
    ],
    solution: {
      steps: [
        'kubectl get nodes -o wide',
        'kubectl get pods -n kube-system -o wide',
        'minikube ssh -p multinode-demo -n {src.node}', 'ip route get {dst.ip}', 'exit',
        'minikube ssh -p multinode-demo -n {dst.node}', 'ip route get {src.ip}', 'ip route', 'sudo ip route add {src.cidr} via {peer}', 'exit',
      ],
      captures: [{ step: 0, pattern: '^{src.node}\\s+(?:\\S+\\s+){4}(\\S+)', names: ['peer'] }],
      answer: { broken: 'a' },
      explanation: 'kindnet is not running on {dst.node}, so the deleted route for {src.cidr} stayed deleted and the replies left through the default gateway. Adding it back via {src.node}\'s INTERNAL-IP repairs the return path; in a real cluster you would also get kindnet running again so that it keeps the routes in shape.',
    },
  },
];
