import type { History } from '../tty/history';
import type { Engine } from '../engine';

/** Where the learner is standing: decides the prompt and which tools exist. */
export interface Place {
  user: string;
  host: string;
  /** Shown in the prompt, e.g. "~". */
  cwd: string;
  /** The shell's name as it prefixes its own errors: "bash" or "sh". */
  shell: 'bash' | 'sh';
}

/** Collects what a command prints, in order, as a terminal would show it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  /** Words after the command name. */
  args: string[];
  io: Output;
  place: Place;
  history: History;
  /** The cluster kubectl talks to, or null when none is running. */
  cluster: Engine | null;
  /** Virtual time in ms since the lab's epoch. */
  now: number;
  /** The commands available here, for `help` and completion. */
  commands: readonly CommandSpec[];
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
  /** Words that may follow the command name, for completion. */
  subcommands?: readonly string[];
  /** Runs the command and returns its exit status. Must not throw. */
  run(ctx: CommandContext): number;
}
