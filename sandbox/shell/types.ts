import type { History } from '../tty/history';
import type { Engine } from '../engine';

/**
 * Where the learner is standing: the laptop, a node (minikube ssh or a
 * debug pod) or a pod's container. It decides the prompt, which binaries
 * exist and in which flavour, and whose network namespace they see.
 */
export interface Place {
  kind: 'laptop' | 'node' | 'pod';
  user: string;
  uid: number;
  /** Hostname as the prompt and `hostname` show it. */
  host: string;
  /** Shown in the prompt, e.g. "~" or "/". */
  cwd: string;
  /** The shell's name as it prefixes its own errors: "bash" or "sh". */
  shell: 'bash' | 'sh';
  /** Engine target whose network namespace the tools use: a node name or "namespace/pod". */
  netns?: string;
  /** The node this place runs on (host files such as /etc/cni/net.d live there). */
  node?: string;
  /** Pod and container, when inside one. */
  pod?: { namespace: string; name: string; container: string };
  /** Container image of this place, when it is a container. */
  image?: string;
  /**
   * CAP_NET_ADMIN here: root on the node itself (after sudo) may change routes,
   * links, sysctls and iptables; a container's root (kubectl exec or debug,
   * not privileged) may only read them. Absent means no.
   */
  netAdmin?: boolean;
  /** Binaries on the PATH here, each with the flavour its image ships, e.g. { ip: 'iproute2', ping: 'busybox' }. */
  tools: Readonly<Record<string, string>>;
  /**
   * Ubuntu's .bashrc colours the prompt only for a colour TERM: an ssh client
   * sends one, `kubectl exec`/`debug` set TERM=xterm and get a plain prompt.
   */
  colorPrompt?: boolean;
  /** What appears when this shell exits (e.g. "logout\n" after ssh). */
  farewell?: string;
}

/** Collects what a command prints, in order, as a terminal would show it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** What a command may change about the session beyond printing. */
export interface ShellControl {
  /** Open a nested shell (minikube ssh, kubectl exec/debug); `exit` comes back. */
  enter(place: Place): void;
  /** Close the innermost nested shell; false when already at the outermost one. */
  leave(): boolean;
  /** End the whole front (the CLI) when the outermost shell exits; absent in the browser. */
  quit?(code: number): void;
  /**
   * Runs one command (already split into words) in another place without
   * entering it, as `kubectl exec POD -- CMD` or `minikube ssh -- CMD` do.
   * Returns its exit status; what it prints goes to `io`.
   */
  runIn(place: Place, words: string[], io: Output): number;
  /**
   * Runs a whole command line in another place, parsed by that place's shell,
   * as `ssh HOST 'ip route | head -2'` does with the words it joins. Returns
   * the line's exit status; what it prints goes to `io`.
   */
  runLineIn(place: Place, line: string, io: Output): number;
  /** The cluster appears or disappears (minikube start / delete). */
  setCluster(engine: Engine | null): void;
  /** Seed of this lab: every random choice derives from it. */
  readonly seed: number;
  /** 1, 2, 3...: a counter for names the shell makes up (debugger pods and containers), kept with the lab's saved state. */
  nextSerial(): number;
}

export interface CommandContext {
  /** Words after the command name. */
  args: string[];
  io: Output;
  /** What a pipe or `<` feeds the command, or null when it reads the terminal (taken as empty: the lab cannot wait for input). */
  stdin: string | null;
  /** stdout is the terminal (not a pipe or a redirection): tools that colour or size their output check this. */
  tty: boolean;
  place: Place;
  /** This command's flavour in the current place (place.tools[name]); "builtin" for shell builtins. */
  flavor: string;
  history: History;
  /** The cluster kubectl talks to, or null when none is running. */
  cluster: Engine | null;
  /** Virtual time in ms since the lab's epoch. */
  now: number;
  /** The commands available here, for `help` and completion. */
  commands: readonly CommandSpec[];
  shell: ShellControl;
}

/**
 * A command as a declarative record: help, completion and per-lesson
 * allow-lists are built from these fields.
 */
export interface CommandSpec {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Usage line(s) as the tool prints them. */
  usage: string;
  /** A shell builtin exists everywhere; any other command only where place.tools names it. */
  builtin?: boolean;
  /** Words that may follow the command name, for completion. */
  subcommands?: readonly string[];
  /**
   * Candidates for the word being typed, given the words between the command
   * name and it. Without this, the second word completes from `subcommands`.
   */
  complete?(before: string[], ctx: CompletionContext, word: string): readonly string[];
  /** Runs the command and returns its exit status. Must not throw. */
  run(ctx: CommandContext): number;
}

/** What a completer may look at: where the learner stands and the live cluster. */
export interface CompletionContext {
  place: Place;
  cluster: Engine | null;
}
