/**
 * Sample exercises, one or more of each kind, on the multinode-demo scenario
 * with the article's nginx deployment. They double as the examples lesson
 * authors copy, and the replay test plays every one of them on many seeds.
 */
import type { ExerciseSpec } from './spec';

const NGINX = 'kubectl create deploy nginx --image=rancher/hello-world --replicas=3';
const setup = { lines: [NGINX] };

export const SAMPLE_EXERCISES: ExerciseSpec[] = [
  {
    kind: 'route-fact',
    id: 'node-next-hop-to-peer-pod',
    prompt: 'On node {src.name}, which next hop and device does the kernel use for packets to pod {dst.name} ({dst.ip})?',
    subjects: { src: { node: 'worker-1' }, dst: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    ask: ['via', 'dev'],
    hints: [
      'Log in to the node with minikube ssh -n {src.name}.',
      'ip route get {dst.ip} asks the kernel which route it would use.',
    ],
    setup,
    solution: {
      steps: ['minikube ssh -n {src.name}', 'ip route get {dst.ip}', 'exit'],
      captures: [{ step: 1, pattern: '^(\\S+ via .*)$', names: ['line'] }],
      answer: '{out1}',
      explanation: 'kindnetd gives every node one route per peer node\'s pod CIDR, via that node\'s InternalIP; {dst.cidr} is {dst.node}\'s, and that /24 beats the default route.',
    },
  },
  {
    kind: 'route-fact',
    id: 'pod-source-address',
    prompt: 'Which source address does pod {src.name} use for packets to {dst.ip}?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    ask: ['src'],
    hints: ['ip route get {dst.ip} inside the pod prints the source address after "src".'],
    setup,
    solution: {
      steps: ['kubectl exec {src.name} -- ip route get {dst.ip}'],
      captures: [{ step: 0, pattern: 'src (\\S+)', names: ['src'] }],
      answer: 'src {src}',
      explanation: 'A pod has one address, on eth0; the kernel picks it as the source for every route out of eth0.',
    },
  },
  {
    kind: 'path',
    id: 'pod-to-pod-across-nodes',
    prompt: 'Write the devices a packet from pod {src.name} on {src.node} to pod {dst.name} ({dst.ip}) on {dst.node} enters and leaves, in order (e.g. "pod eth0 -> node veth -> ...").',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    detail: 'devices',
    hints: [
      'A pod\'s only way out is its eth0, whose other end is a veth on its node.',
      'On {src.node}, ip route get {dst.ip} tells where the node sends it next.',
      'On {dst.node}, ip route get {dst.ip} names the veth that leads to the pod.',
    ],
    setup,
    solution: {
      steps: [
        'minikube ssh -n {src.node}', 'ip route get {src.ip}', 'ip route get {dst.ip}', 'exit',
        'minikube ssh -n {dst.node}', 'ip route get {dst.ip}', 'exit',
      ],
      captures: [
        { step: 1, pattern: 'dev (\\S+)', names: ['v1'] },
        { step: 2, pattern: 'via (\\S+) dev (\\S+)', names: ['peer', 'e1'] },
        { step: 5, pattern: 'dev (\\S+)', names: ['v2'] },
      ],
      answer: '{src.name} eth0 -> {src.node} {v1} -> {src.node} {e1} -> {peer} eth0 -> {v2} -> {dst.name} eth0',
      explanation: 'The pod\'s default route leads to its node over the veth pair; {src.node}\'s route for {dst.cidr} goes via {dst.node}\'s InternalIP on eth0; {dst.node} has a /32 route for {dst.ip} on the pod\'s veth.',
    },
  },
  {
    kind: 'path',
    id: 'pod-to-pod-namespaces',
    prompt: 'Which network namespaces does a packet from pod {src.name} to pod {dst.name} cross?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-2' } }, dst: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    detail: 'namespaces',
    hints: ['traceroute -n {dst.ip} from the pod shows one line per router.'],
    setup,
    solution: {
      steps: ['kubectl exec {src.name} -- traceroute -n {dst.ip}'],
      captures: [{ step: 0, pattern: '^\\s*1\\s+(\\S+)[^\\n]*\\n\\s*2\\s+(\\S+)', names: ['r1', 'r2'] }],
      answer: '{src.name} -> {r1} -> {r2} -> {dst.name}',
      explanation: 'Every pod packet is routed by its own node first (the gateway {src.cidr}\'s .1 is the node), then by the peer node, then delivered.',
    },
  },
  {
    kind: 'predict',
    id: 'ping-across-nodes',
    prompt: 'Pod {src.name} pings pod {dst.name} ({dst.ip}) once. Does it get a reply? Which source address does {dst.name} see? Which TTL does ping print? How many lines does traceroute print?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    ask: ['arrives', 'source', 'ttl', 'hops'],
    hints: ['Each router lowers the TTL by one; how many routers are between two pods on different nodes?', 'kindnet masquerades only traffic leaving 10.244.0.0/16.'],
    setup,
    solution: {
      steps: ['kubectl exec {src.name} -- ping -c 1 {dst.ip}', 'kubectl exec {src.name} -- traceroute -n {dst.ip}', 'kubectl exec {src.name} -- ip route get {dst.ip}'],
      captures: [
        { step: 0, pattern: 'ttl=(\\d+)', names: ['ttl'] },
        { step: 0, pattern: '(\\d+% packet loss)', names: ['loss'] },
        { step: 1, pattern: '(\\d+)\\s+{dst.ip}', names: ['hops'] },
        { step: 2, pattern: 'src (\\S+)', names: ['src'] },
      ],
      answer: { arrives: '{loss}', source: '{src}', ttl: '{ttl}', hops: '{hops}' },
      explanation: 'Pod-to-pod traffic is not masqueraded (KIND-MASQ-AGENT returns for 10.244.0.0/16); two nodes route it, so 64 becomes 62 and traceroute shows the two nodes and the pod.',
    },
  },
  {
    kind: 'classify',
    id: 'classify-default-gateway',
    prompt: 'Node {node.name} sends everything else to {addr.ip}. Which network is {addr.ip} in: node, pod, service, or none?',
    subjects: { addr: { nodeGateway: true }, node: { node: 'control-plane' } },
    hints: ['kubectl get nodes -o wide shows the nodes\' addresses.'],
    setup,
    solution: {
      steps: ['minikube ssh', 'ip route', 'exit'],
      captures: [{ step: 1, pattern: 'proto kernel scope link src (\\S+)', names: ['nodeip'] }],
      answer: 'node network',
      explanation: '{addr.ip} is the gateway of the docker network the nodes sit on (the same /24 as {node.ip}).',
    },
  },
  {
    kind: 'classify',
    id: 'classify-kube-dns',
    prompt: 'Which network is {addr.ip} (kube-dns) in: node, pod, service, or none?',
    subjects: { addr: { service: 'kube-system/kube-dns' } },
    hints: ['kubectl get svc -A lists the ClusterIPs.'],
    setup,
    solution: {
      steps: ['kubectl get svc -A'],
      captures: [{ step: 0, pattern: 'kube-dns\\s+(\\S+)', names: ['type'] }],
      answer: 'service ({type})',
      explanation: 'ClusterIPs come from the service network 10.96.0.0/12; no interface carries them.',
    },
  },
  {
    kind: 'fix-it',
    id: 'fix-missing-peer-route',
    prompt: 'Pod {src.name} on {src.node} can no longer reach pod {dst.name} ({dst.ip}) on {dst.node}. Repair the cluster, then say what was broken.',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } }, dst: { pod: { deployment: 'nginx', onNode: 'worker-1' } } },
    setup: { lines: [NGINX], faults: [{ fault: 'kindnet-stopped', on: 'control-plane' }, { fault: 'route-deleted', on: 'control-plane', to: 'worker-1' }] },
    hints: [
      'Follow the packet: where does {src.node} send packets for {dst.ip}? (ip route get {dst.ip} on the node)',
      'Compare {src.node}\'s routes with another node\'s: which pod CIDR has no route?',
      'sudo ip route add {dst.cidr} via <the InternalIP of {dst.node}>',
    ],
    broken: [
      { id: 'a', text: 'Node {src.node} had no route for {dst.cidr}, the pod CIDR of {dst.node}', correct: true, reason: 'Without it the packet follows the default route to the docker gateway, which drops it.' },
      { id: 'b', text: 'Pod {dst.name} had no default route', correct: false, reason: 'Its routes are as ptp set them up; the request never reached {dst.node}.' },
      { id: 'c', text: 'IP forwarding was off on {dst.node}', correct: false, reason: 'ip_forward was on everywhere; the packet left {src.node} the wrong way.' },
    ],
    solution: {
      steps: ['kubectl get nodes -o wide', 'minikube ssh -n {src.node}', 'ip route get {dst.ip}', 'sudo ip route add {dst.cidr} via {peer}', 'exit'],
      captures: [{ step: 0, pattern: '^{dst.node}\\s+(?:\\S+\\s+){4}(\\S+)', names: ['peer'] }],
      answer: { broken: 'a' },
      explanation: 'kindnet is stopped on {src.node}, so the deleted route for {dst.cidr} did not come back; adding it via {dst.node}\'s InternalIP restores the path.',
    },
  },
  {
    kind: 'choice',
    id: 'why-ttl-62',
    prompt: 'A ping from pod {src.name} to a pod on another node prints ttl=62. Why 62?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    hints: ['Who lowers the TTL of a packet?'],
    options: [
      { id: 'a', text: 'The two nodes each route the packet and lower the TTL by one', correct: true, reason: 'Each node is a router for its pods: 64 - 2 = 62.' },
      { id: 'b', text: 'The veth pairs each lower the TTL', correct: false, reason: 'A veth is a cable; only routing (forwarding) lowers the TTL.' },
      { id: 'c', text: 'The docker bridge between the nodes is a router', correct: false, reason: 'The bridge switches frames between the node containers; it does not route them.' },
    ],
    setup,
    solution: {
      steps: ['kubectl exec {src.name} -- traceroute -n 10.244.1.2'],
      answer: 'a',
      explanation: 'traceroute shows two routers (the two nodes) before the pod.',
    },
  },
  {
    kind: 'service-backends',
    id: 'service-backends-from-a-pod',
    prompt: 'Pod {src.name} on {src.node} opens a connection to service {svc.name} at {svc.ip}:80. Which pods can the connection end up at?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-1' } }, svc: { service: 'default/nginx' } },
    hints: [
      'A ClusterIP belongs to no interface: kube-proxy\'s nat rules on {src.node} rewrite the destination.',
      'On {src.node}, sudo iptables-save -t nat lists the rules; the ones commented "{svc.name} -> ..." name the endpoints.',
    ],
    setup: { lines: [NGINX, 'kubectl expose deploy nginx --port=80'] },
    solution: {
      steps: ['minikube ssh -n {src.node}', 'sudo iptables-save -t nat | grep "{svc.name} ->" | grep -o "[0-9.]*:80"', 'exit'],
      captures: [{ step: 1, pattern: '^([\\s\\S]+)$', names: ['ips'] }],
      answer: '{ips}',
      explanation: 'KUBE-SERVICES on {src.node} sends {svc.ip}:80 to the service\'s KUBE-SVC chain, which jumps to one KUBE-SEP chain per ready endpoint (by statistic rules), and each KUBE-SEP chain DNATs to its pod: any of them, whichever node it runs on.',
    },
  },
  {
    kind: 'service-chain',
    id: 'service-chain-from-a-node',
    prompt: 'On node {src.name}, a process connects to service {svc.name} at {svc.ip}:80. Which nat chains does the packet walk, in order, until its destination is rewritten?',
    subjects: { src: { node: 'worker-2' }, svc: { service: 'default/nginx' } },
    hints: [
      'A packet the node itself sends meets the nat table in OUTPUT; kube-proxy hooks KUBE-SERVICES there.',
      'sudo iptables -t nat -S KUBE-SERVICES shows which chain handles {svc.ip}; list that chain next.',
    ],
    setup: { lines: [NGINX, 'kubectl expose deploy nginx --port=80'] },
    solution: {
      steps: [
        'minikube ssh -n {src.name}',
        'sudo iptables -t nat -S KUBE-SERVICES | grep {svc.ip}',
        'sudo iptables -t nat -S {svcchain} | grep -m1 KUBE-SEP',
        'exit',
      ],
      captures: [
        { step: 1, pattern: '-j (KUBE-SVC-[A-Z0-9]+)', names: ['svcchain'] },
        { step: 2, pattern: '-j (KUBE-SEP-[A-Z0-9]+)', names: ['sepchain'] },
      ],
      answer: 'OUTPUT -> KUBE-SERVICES -> {svcchain} -> {sepchain}',
      explanation: 'OUTPUT jumps to KUBE-SERVICES, whose rule for {svc.ip}:80 jumps to the service\'s KUBE-SVC chain; that picks one KUBE-SEP chain (any of them is a right answer), and the KUBE-SEP chain DNATs to its pod.',
    },
  },
  {
    kind: 'dns-answer',
    id: 'dns-service-short-name',
    prompt: 'Inside pod {src.name}, what does the short name nginx resolve to?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'worker-2' } } },
    name: 'nginx',
    hints: [
      'The pod\'s /etc/resolv.conf lists search domains: a short name is tried with {src.name}\'s namespace first.',
      'kubectl exec {src.name} -- nslookup nginx asks the cluster DNS from inside the pod.',
    ],
    setup: { lines: [NGINX, 'kubectl expose deploy nginx --port=80'] },
    solution: {
      steps: ['kubectl exec {src.name} -- nslookup nginx'],
      captures: [{ step: 0, pattern: 'Name:\\s+nginx\\.default\\.svc\\.cluster\\.local\\nAddress:?\\s+(\\S+)', names: ['ip'] }],
      answer: '{ip}',
      explanation: 'With the search list the first name tried is nginx.default.svc.cluster.local, the Service\'s record in CoreDNS: its ClusterIP. The NXDOMAIN lines busybox adds are the other search domains it also tried.',
    },
  },
  {
    kind: 'dns-answer',
    id: 'dns-without-coredns',
    prompt: 'CoreDNS has been scaled to zero replicas. What happens when pod {src.name} looks up kubernetes.default?',
    subjects: { src: { pod: { deployment: 'nginx', onNode: 'control-plane' } } },
    name: 'kubernetes.default',
    hints: [
      'The pod still sends its query to 10.96.0.10, the kube-dns Service. Where can kube-proxy send it now?',
      'kubectl get endpoints -n kube-system kube-dns shows what is behind the Service.',
    ],
    setup: { lines: [NGINX, 'kubectl scale deploy coredns -n kube-system --replicas=0'] },
    solution: {
      steps: ['kubectl get endpoints -n kube-system kube-dns', 'kubectl exec {src.name} -- nslookup kubernetes.default'],
      captures: [{ step: 1, pattern: '(connection timed out|Connection refused)', names: ['why'] }],
      answer: 'timeout',
      explanation: 'With no CoreDNS pod the kube-dns Service has no endpoints, so kube-proxy rejects packets to 10.96.0.10:53 and the lookup gets no answer: every name fails, even ones that exist.',
    },
  },
];
