/**
 * Exercises of lesson 4, "CNI, the plugin that lays the wires". The schema of
 * every field is in sandbox/grading/spec.ts; subjects are symbolic, so each
 * learner is asked about their own cluster.
 */
import type { ExerciseSpec } from '../../sandbox/index';

const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';

export const exercises: ExerciseSpec[] = [
  {
    kind: 'choice',
    id: 'cni-who-runs-the-plugin',
    prompt: 'A new pod is scheduled to node {node.name}. Which program runs the ptp and host-local binaries named in /etc/cni/net.d/10-kindnet.conflist for it?',
    subjects: { node: { node: 'worker-1' } },
    hints: [
      'kubectl describe node {node.name} shows which CRI socket the kubelet talks to (the cri-socket annotation).',
      'Since Kubernetes 1.24 the kubelet has no flags for CNI plugins at all.',
    ],
    options: [
      {
        id: 'a',
        text: 'The container runtime on {node.name} (here cri-dockerd in front of Docker Engine), when the kubelet asks it over CRI to create the pod\'s sandbox',
        correct: true,
        reason: 'The kubelet asks for a pod sandbox; the runtime creates its network namespace and runs the CNI plugins from the configuration it finds.',
      },
      {
        id: 'b',
        text: 'The kubelet on {node.name}, directly',
        correct: false,
        reason: 'That was how dockershim worked, inside the kubelet. Kubernetes 1.24 removed dockershim and the kubelet\'s CNI flags with it.',
      },
      {
        id: 'c',
        text: 'kindnetd, the kindnet pod on {node.name}, for every pod that starts',
        correct: false,
        reason: 'kindnetd writes the configuration file and manages the routes between nodes and the masquerade rules. It does not attach individual pods.',
      },
      {
        id: 'd',
        text: 'The scheduler, right after it picks {node.name}',
        correct: false,
        reason: 'The scheduler only records a node name in the pod. Everything on the node happens there.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl describe node {node.name}', 'minikube ssh -p multinode-demo -n {node.name}', 'sudo crictl pods', 'exit'],
      answer: 'a',
      explanation: 'kubelet -> CRI (RunPodSandbox) -> cri-dockerd -> CNI ADD with the kindnet configuration: ptp, which calls host-local for the address, then portmap.',
    },
  },
  {
    kind: 'route-fact',
    id: 'cni-what-ptp-left-on-the-node',
    prompt: 'When pod {dst.name} ({dst.ip}) started, the ptp plugin left a route for it on node {src.name}. Which device does the node use for packets to {dst.ip}, and from which source address does it send them?',
    subjects: { src: { node: 'control-plane' }, dst: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    ask: ['dev', 'src'],
    hints: [
      'On the node, ip route get {dst.ip} shows the route the kernel picks.',
      'ip -br addr on the node shows the address ptp put on every host-side veth.',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['minikube ssh -p multinode-demo -n {src.name}', 'ip route get {dst.ip}', 'exit'],
      captures: [{ step: 1, pattern: 'dev (\\S+) src (\\S+)', names: ['dev', 'src'] }],
      answer: 'dev {dev} src {src}',
      explanation: 'ptp created a veth pair, gave the node end the gateway address (the .1 of {dst.cidr}) as a /32, and added a host route for {dst.ip} on that veth.',
    },
  },
  {
    kind: 'route-fact',
    id: 'cni-the-pods-default-route',
    prompt: 'Pod {src.name} sends a packet to {dst.ip}, an address outside the cluster. Which next hop and device does it use? (Think about which line of the conflist produced that route.)',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-1' } }, dst: { ip: '1.1.1.1' } },
    ask: ['via', 'dev'],
    hints: [
      'kubectl exec {src.name} -- ip route shows the pod\'s routes.',
      'In the conflist, host-local\'s "routes" list holds one entry, { "dst": "0.0.0.0/0" }, with no gateway of its own.',
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['kubectl exec {src.name} -- ip route', 'kubectl exec {src.name} -- ip route get {dst.ip}'],
      captures: [{ step: 1, pattern: '^(\\S+ via .*)$', names: ['line'] }],
      answer: '{line}',
      explanation: 'host-local returned the route 0.0.0.0/0 with the range\'s gateway (the .1 of {src.cidr}, its default), and ptp installed it as the pod\'s default route on eth0.',
    },
  },
  {
    kind: 'choice',
    id: 'cni-operations-for-this-network',
    prompt: 'kindnet\'s conflist declares "cniVersion": "0.3.1". Which of these describes how the container runtime uses it?',
    hints: [
      'Which spec version introduced the CHECK operation?',
      'The 10-second loop you may have read about belongs to kindnetd, not to CNI.',
    ],
    options: [
      {
        id: 'a',
        text: 'ADD when a pod sandbox is created and DEL when it is removed; CHECK does not exist in spec 0.3.1',
        correct: true,
        reason: 'CHECK arrived in spec 0.4.0. For this network the runtime attaches pods with ADD and detaches them with DEL (and may ask a plugin for its VERSION).',
      },
      {
        id: 'b',
        text: 'ADD when a pod starts, then CHECK every 10 seconds to restore missing routes',
        correct: false,
        reason: 'Restoring routes every 10 seconds is kindnetd\'s reconcile loop, not a CNI operation; CHECK is not used with spec 0.3.1 at all.',
      },
      {
        id: 'c',
        text: 'Only ADD: addresses are returned when kindnetd notices the pod is gone',
        correct: false,
        reason: 'DEL is what releases a pod\'s address: the runtime calls it when the sandbox is torn down, and host-local frees the address.',
      },
    ],
    setup: { lines: [NGINX] },
    solution: {
      steps: ['minikube ssh -p multinode-demo', 'cat /etc/cni/net.d/10-kindnet.conflist', 'exit'],
      answer: 'a',
      explanation: 'The spec defines ADD, DEL, CHECK (since 0.4.0) and VERSION; a 0.3.1 configuration gets ADD and DEL.',
    },
  },
  {
    kind: 'choice',
    id: 'cni-pick-a-plugin',
    prompt: 'You are building a production cluster whose nodes sit in several subnets, and the security team requires NetworkPolicy to be enforced. Which plugins fit? (Pick all that do.)',
    hints: [
      'Two requirements: pod traffic has to cross routers between subnets, and something has to enforce NetworkPolicy.',
      'Which of these plugins enforce NetworkPolicy on their own?',
    ],
    options: [
      { id: 'a', text: 'Calico', correct: true, reason: 'Calico enforces NetworkPolicy, and it can distribute pod routes over BGP or encapsulate (IP-in-IP, VXLAN) where the network cannot carry them.' },
      { id: 'b', text: 'Cilium', correct: true, reason: 'Cilium enforces NetworkPolicy (and more, with its own policies) in eBPF, and tunnels between nodes by default.' },
      { id: 'c', text: 'flannel', correct: false, reason: 'flannel connects nodes anywhere with VXLAN, but it does not enforce NetworkPolicy by itself.' },
      { id: 'd', text: 'kindnet, as minikube ships it here', correct: false, reason: 'Its plain routes need all nodes on one subnet, and this version enforces no NetworkPolicy. It is built for local and test clusters.' },
    ],
    solution: {
      steps: ['kubectl get pods -n kube-system -o wide'],
      answer: 'a, b',
      explanation: 'Both requirements, policy and nodes spread over several subnets, rule out kindnet; policy alone rules out flannel on its own.',
    },
  },
];
