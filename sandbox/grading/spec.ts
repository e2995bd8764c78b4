/**
 * Exercises as data. An exercise names what it asks about symbolically
 * (`{ pod: { deployment: 'nginx', onNode: 'control-plane' } }`), so the
 * question, the truth and the feedback are all computed from the learner's own
 * cluster; nothing here stores an answer about the network.
 *
 * Every field is documented where it is declared; `validate.ts` checks an
 * unknown value against these types and names the path of every mistake.
 */

/**
 * A node, symbolically: `control-plane` (the node with that role),
 * `worker-1`, `worker-2`, ... (the other nodes in join order), or a node's
 * exact name (`multinode-demo-m02`).
 */
export type NodeRef = string;

/** Picks one pod. With several matches the first by node join order, then by name, is taken. */
export interface PodSelector {
  /** Pods of this Deployment (matched through its ReplicaSets). */
  deployment?: string;
  /** Exact pod name. */
  name?: string;
  /** Kubernetes namespace; default `default`. */
  namespace?: string;
  /** Only pods scheduled on this node. */
  onNode?: NodeRef;
}

/** Something an exercise is about: where a packet starts, where it goes, an address to classify. */
export type Subject =
  /** A pod: its network namespace, its IP. */
  | { pod: PodSelector }
  /** A node: its network namespace, its InternalIP. */
  | { node: NodeRef }
  /** A Service's ClusterIP (`default/nginx` or `nginx`); a destination only. */
  | { service: string }
  /** An address inside a node's pod CIDR; `host` is the host number (default 1, the pod gateway). A destination only. */
  | { podCidrOf: NodeRef; host?: number }
  /** The node network's default gateway (the docker network's .1). A destination only. */
  | { nodeGateway: true }
  /** A literal IPv4 address (e.g. `8.8.8.8`). A destination only. */
  | { ip: string };

/** Parts of a route a `route-fact` exercise can ask for. */
export type RoutePart = 'via' | 'dev' | 'src';
/** Parts of a prediction. */
export type PredictPart = 'arrives' | 'source' | 'ttl' | 'hops';
/** Networks an address can belong to. */
export type NetworkClass = 'node' | 'pod' | 'service' | 'none';

/** A fault applied after the setup lines (as logged engine operations, like a learner's commands). */
export type FaultSpec =
  /** `ip route del <to's pod CIDR>` on node `on`. kindnetd puts it back within 10 s unless kindnet is stopped there. */
  | { fault: 'route-deleted'; on: NodeRef; to: NodeRef }
  /** The kindnet pod on the node is down, so deleted routes stay deleted. */
  | { fault: 'kindnet-stopped'; on: NodeRef }
  /** `sysctl net.ipv4.ip_forward=0` on the node. */
  | { fault: 'ip-forward-off'; on: NodeRef }
  /** The kube-proxy pod on the node is down: its iptables rules stay as they were while services and endpoints change. */
  | { fault: 'kube-proxy-stopped'; on: NodeRef };

/** What the lab does before the learner starts. */
export interface Setup {
  /** Lines run in the lab's terminal first, as a learner would type them (e.g. `kubectl create deploy ...`). */
  lines?: string[];
  /** Faults applied after the lines, in order. */
  faults?: FaultSpec[];
}

/** Read a value from the output of one reference step. */
export interface Capture {
  /** Index into `Solution.steps` whose output is read. */
  step: number;
  /** A regular expression (JavaScript syntax) with capture groups. */
  pattern: string;
  /** Names for the capture groups, in order; the answer template uses them as `{name}`. */
  names: string[];
}

/** The reference solution: what a learner would run and how the answer is read off the output. */
export interface Solution {
  /** Lines to run in order (templates: `{src.name}`, `{dst.ip}` ...). */
  steps: string[];
  /** Values read from the outputs. */
  captures?: Capture[];
  /**
   * The answer the learner would then give: a template over captures and
   * subjects, or one template per part for multi-part answers. For a
   * `choice` exercise the option id; for `fix-it`, `{ broken: optionId }`.
   */
  answer: string | Record<string, string>;
  /** Why this is the answer, in words (a template). */
  explanation: string;
}

/** One option of a multiple-choice question. */
export interface ChoiceOption {
  /** Short stable id (`a`, `b`, ...); what the learner's answer names. */
  id: string;
  /** The option as shown (a template). */
  text: string;
  /** Whether choosing it is right. */
  correct: boolean;
  /** Why it is right or wrong, shown after answering (a template). */
  reason: string;
}

/** Fields every exercise has. */
export interface ExerciseBase {
  /** Unique, stable id (progress is stored under it): lowercase letters, digits and dashes. */
  id: string;
  /** The question; placeholders `{role.field}` (fields: name, ip, node, cidr, netns) are filled from the resolved subjects. */
  prompt: string;
  /** Subjects by role (`src`, `dst`, `addr`, any other name the prompt uses). */
  subjects?: Record<string, Subject>;
  /** Progressive hints, shown one at a time (templates). */
  hints: string[];
  /** The reference solution. */
  solution: Solution;
  /** What to do to the lab before the learner starts. */
  setup?: Setup;
}

/** Which next hop, device or source address namespace `src` uses for destination `dst`. */
export interface RouteFactExercise extends ExerciseBase {
  kind: 'route-fact';
  /** The parts asked for; several make a multi-part answer graded part by part. */
  ask: RoutePart[];
}

/** The ordered hops of a packet from `src` to `dst`. */
export interface PathExercise extends ExerciseBase {
  kind: 'path';
  /**
   * `devices`: every device the packet leaves or enters
   * (`pod eth0 -> node veth -> node eth0 -> peer node eth0 -> veth -> pod eth0`);
   * `namespaces`: only the namespaces it crosses (`pod -> node -> peer node -> pod`).
   */
  detail: 'devices' | 'namespaces';
}

/** Will a ping from `src` to `dst` arrive, from which source address, with which TTL, in how many traceroute hops. */
export interface PredictExercise extends ExerciseBase {
  kind: 'predict';
  /** The parts asked for. `source` is the source address `dst` sees; `ttl` what ping prints for the reply; `hops` the lines traceroute prints. */
  ask: PredictPart[];
}

/** Which network the address `addr` belongs to. */
export interface ClassifyExercise extends ExerciseBase {
  kind: 'classify';
}

/** After the setup's faults, make `src` reach `dst` again; the learner also says what was broken. */
export interface FixItExercise extends ExerciseBase {
  kind: 'fix-it';
  /** What could have been broken; exactly one option is correct. */
  broken: ChoiceOption[];
}

/** Multiple choice for a concept. */
export interface ChoiceExercise extends ExerciseBase {
  kind: 'choice';
  /** The options; at least one is correct. With several correct ones the learner must pick them all. */
  options: ChoiceOption[];
}

/**
 * Which pods a connection from `src` to Service `svc` can land on, by the
 * rules kube-proxy wrote on src's node (stale ones included). Answer: pod
 * names or addresses in any order, or `none`.
 */
export interface ServiceBackendsExercise extends ExerciseBase {
  kind: 'service-backends';
  /** The Service port asked about; default its first. */
  port?: number;
}

/**
 * The nat chains a connection from `src` to Service `svc` walks on src's
 * node: `PREROUTING` (a pod's packet) or `OUTPUT` (the node's own), then
 * `KUBE-SERVICES`, the service's `KUBE-SVC-...`, and one of its `KUBE-SEP-...`.
 */
export interface ServiceChainExercise extends ExerciseBase {
  kind: 'service-chain';
  /** The Service port asked about; default its first. */
  port?: number;
}

/**
 * What `name` resolves to when looked up from pod `src` (through its
 * /etc/resolv.conf search list, as a glibc tool like `getent hosts` does):
 * the addresses, `NXDOMAIN` when the name does not exist, or `timeout` when
 * no answer comes (CoreDNS down, its path broken).
 */
export interface DnsAnswerExercise extends ExerciseBase {
  kind: 'dns-answer';
  /** The name looked up, as the learner would type it (`nginx`, `kube-dns.kube-system`); a template. */
  name: string;
}

export type ExerciseSpec =
  | DnsAnswerExercise
  | ServiceBackendsExercise
  | ServiceChainExercise
  | RouteFactExercise
  | PathExercise
  | PredictExercise
  | ClassifyExercise
  | FixItExercise
  | ChoiceExercise;

export type ExerciseKind = ExerciseSpec['kind'];

/** Subject roles each kind requires. */
export const REQUIRED_ROLES: Record<ExerciseKind, string[]> = {
  'route-fact': ['src', 'dst'],
  path: ['src', 'dst'],
  predict: ['src', 'dst'],
  classify: ['addr'],
  'fix-it': ['src', 'dst'],
  choice: [],
  'service-backends': ['src', 'svc'],
  'service-chain': ['src', 'svc'],
  'dns-answer': ['src'],
};
