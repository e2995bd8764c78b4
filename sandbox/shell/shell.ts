import type { Completion, Interpreter, RunResult } from '../tty/interpreter';
import type { History } from '../tty/history';
import type { Engine } from '../engine';
import { expandWord, expandWords, parse, type Pipeline, type SimpleCommand } from './parse';
import type { CommandSpec, Output, Place, ShellControl } from './types';

export interface ShellOptions {
  /** The outermost place: where the lab starts. */
  place: Place;
  history: History;
  commands: readonly CommandSpec[];
  cluster: Engine | null;
  seed: number;
  /** The virtual clock, read before each command. */
  now: () => number;
  /** Told when a command creates or deletes the cluster. */
  onClusterChange?: (engine: Engine | null) => void;
  /** Exit from the outermost shell; absent where the front cannot end (the browser). */
  onQuit?: (code: number) => void;
}

/** The home directory `~` stands for in a place. */
export function homeOf(place: Place): string {
  return place.uid === 0 ? '/root' : `/home/${place.user}`;
}

/** bash's PS1 as Ubuntu sets it (colours only for a colour TERM); busybox sh's is "cwd # ". */
export function formatPrompt(place: Place): string {
  const sigil = place.uid === 0 ? '#' : '$';
  if (place.shell === 'sh') return `${place.cwd} ${sigil} `;
  if (!place.colorPrompt) return `${place.user}@${place.host}:${place.cwd}${sigil} `;
  return `\x1b[01;32m${place.user}@${place.host}\x1b[00m:\x1b[01;34m${place.cwd}\x1b[00m${sigil} `;
}

/**
 * Runs lines against the command table in the current place; the line editor
 * drives it through Interpreter. Nested shells (ssh, exec, debug) form a stack
 * that `exit` unwinds.
 */
/** What a saved lab keeps of its shell, besides history: where the learner stands, $? and the name counter. */
export interface ShellState {
  places: Place[];
  status: number;
  serial: number;
}

export class Shell implements Interpreter {
  private lastStatus = 0;
  private serial = 0;
  private readonly byName: Map<string, CommandSpec>;
  private readonly places: Place[];
  private engine: Engine | null;
  private readonly control: ShellControl;

  constructor(private readonly options: ShellOptions) {
    this.byName = new Map(options.commands.map((c) => [c.name, c]));
    this.places = [options.place];
    this.engine = options.cluster;
    this.control = {
      seed: options.seed,
      nextSerial: () => {
        this.serial += 1;
        return this.serial;
      },
      enter: (place) => {
        this.places.push(place);
      },
      leave: () => {
        if (this.places.length <= 1) return false;
        this.places.pop();
        return true;
      },
      ...(options.onQuit ? { quit: options.onQuit } : {}),
      runIn: (place, words, io) => {
        if (words.length === 0) return 0;
        this.places.push(place);
        try {
          return this.runOne(words[0] as string, words.slice(1), io);
        } finally {
          this.places.pop();
        }
      },
      runLineIn: (place, line, io) => {
        // The line may enter or leave shells (`exit`, another ssh): whatever it does ends with the line.
        const outer = this.places.slice();
        // Not a login shell: an `exit` in the line says nothing.
        this.places.push({ ...place, farewell: '' });
        try {
          const r = this.run(line);
          io.out(r.output);
          return r.exitCode;
        } finally {
          this.places.splice(0, this.places.length, ...outer);
        }
      },
      setCluster: (engine) => {
        this.engine = engine;
        options.onClusterChange?.(engine);
      },
    };
  }

  get status(): number {
    return this.lastStatus;
  }

  /** The shell's own state as plain data (see ShellState). */
  state(): ShellState {
    return { places: this.places.map((p) => ({ ...p, tools: { ...p.tools } })), status: this.lastStatus, serial: this.serial };
  }

  /** Puts back a state from state(); the outermost place stays this shell's own. */
  restore(state: ShellState): void {
    this.places.splice(1, this.places.length - 1, ...state.places.slice(1));
    this.lastStatus = state.status;
    this.serial = state.serial;
  }

  /**
   * Runs a line in the outermost place (the laptop) whatever nested shell the
   * learner is in, and comes back to where they were: how a lesson prepares
   * the lab. Places the line enters (minikube ssh) are left at once; $? is
   * the learner's own.
   */
  runOutermost(line: string): RunResult {
    const stack = this.places.splice(1, this.places.length - 1);
    const status = this.lastStatus;
    try {
      return this.run(line);
    } finally {
      this.places.splice(1, this.places.length - 1, ...stack);
      this.lastStatus = status;
    }
  }

  get place(): Place {
    return this.places[this.places.length - 1] as Place;
  }

  get cluster(): Engine | null {
    return this.engine;
  }

  /** Ctrl-C abandoned the line: bash then reports 130 (128 + SIGINT) in $?. */
  interrupted(): void {
    this.lastStatus = 130;
  }

  prompt(): string {
    return formatPrompt(this.place);
  }

  /** Commands that exist in the current place. */
  available(): CommandSpec[] {
    const place = this.place;
    return this.options.commands.filter((c) => c.builtin || c.name in place.tools);
  }

  run(line: string): RunResult {
    let output = '';
    const terminal: Output = {
      out: (text) => {
        output += text;
      },
      err: (text) => {
        output += text;
      },
    };
    const parsed = parse(line, this.place.shell);
    if (!parsed.ok) {
      terminal.err(`${parsed.lab ? 'podlab' : this.place.shell}: ${parsed.error}\n`);
      this.lastStatus = 2;
      return { output, exitCode: 2 };
    }
    for (const list of parsed.lists) {
      let status = this.runPipeline(list.first, terminal);
      for (const { op, pipeline } of list.rest) {
        if ((op === '&&') === (status === 0)) status = this.runPipeline(pipeline, terminal);
      }
      this.lastStatus = status;
    }
    return { output, exitCode: this.lastStatus };
  }

  /** Environment of the current place, as `$NAME` sees it. */
  private param(name: string): string {
    const place = this.place;
    const home = homeOf(place);
    switch (name) {
      case '?': return String(this.lastStatus);
      case '#': return '0';
      case '0': return place.shell;
      case '$': return String(place.kind === 'laptop' ? 2817 : place.kind === 'node' && place.user === 'docker' ? 1364 : 7);
      case 'HOME': return home;
      case 'USER': case 'LOGNAME': return place.user;
      case 'HOSTNAME': return place.host;
      case 'PWD': return place.cwd === '~' ? home : place.cwd;
      case 'SHELL': return place.shell === 'bash' ? '/bin/bash' : '/bin/sh';
      case 'PATH': return '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
      case 'TERM': return place.colorPrompt ? 'xterm-256color' : 'xterm';
      default: return '';
    }
  }

  /** Runs `a | b | c`: each command's stdout feeds the next; the status is the last one's. */
  private runPipeline(pipeline: Pipeline, terminal: Output): number {
    let stdin: string | null = null;
    let status = 0;
    pipeline.forEach((command, i) => {
      const last = i === pipeline.length - 1;
      let piped = '';
      const words = expandWords(command.words, (name) => this.param(name), homeOf(this.place));
      const streams = this.redirect(command, last ? terminal : { out: (t) => { piped += t; }, err: terminal.err });
      if ('error' in streams) {
        terminal.err(streams.error);
        status = 1;
      } else if (words.length === 0) {
        status = 0;
      } else {
        status = this.runOne(words[0] as string, words.slice(1), streams.io, streams.stdin ?? stdin, last && streams.tty);
      }
      stdin = last ? null : piped;
    });
    return status;
  }

  /** Applies `2>&1`, `>/dev/null` and friends; files other than /dev/null are refused, since the lab keeps none. */
  private redirect(command: SimpleCommand, io: Output): { io: Output; stdin: string | null; tty: boolean } | { error: string } {
    let out = io.out;
    let err = io.err;
    let stdin: string | null = null;
    let tty = true;
    const discard = () => {};
    for (const r of command.redirects) {
      const target = expandWord(r.target, (name) => this.param(name), homeOf(this.place));
      if (r.op === '>&') {
        if (target === '1' && r.fd === 2) err = out;
        else if (target === '2' && r.fd === 1) {
          out = err;
          tty = true;
        } else return { error: `${this.place.shell}: ${target}: Bad file descriptor\n` };
        continue;
      }
      if (r.op === '<') {
        if (target === '/dev/null') {
          stdin = '';
          continue;
        }
        return { error: `podlab: reading "${target}" with < is not part of this lab; use cat ${target} | ...\n` };
      }
      if (target !== '/dev/null') return { error: `podlab: this lab keeps no files, so output cannot go to "${target}"\n` };
      if (r.fd === 1 || r.fd === -1) {
        out = discard;
        tty = false;
      }
      if (r.fd === 2 || r.fd === -1) err = discard;
    }
    return { io: { out, err }, stdin, tty };
  }

  private runOne(name: string, args: string[], io: Output, stdin: string | null = null, tty = true): number {
    const place = this.place;
    const spec = this.byName.get(name);
    const flavor = spec?.builtin ? 'builtin' : place.tools[name];
    if (spec === undefined || flavor === undefined) {
      io.err(place.shell === 'bash' ? `bash: ${name}: command not found\n` : `sh: ${name}: not found\n`);
      return 127;
    }
    try {
      return spec.run({
        args,
        io,
        stdin,
        tty,
        place,
        flavor,
        history: this.options.history,
        cluster: this.engine,
        now: this.options.now(),
        commands: this.available(),
        shell: this.control,
      });
    } catch (error) {
      // A command must never throw; if one does, the learner gets a line, not a broken lab.
      io.err(`podlab: internal error in ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  complete(line: string, cursor: number): Completion {
    const before = line.slice(0, cursor);
    const start = before.search(/\S*$/);
    const word = before.slice(start);
    // Only the command after the last |, ;, && or || matters, as in bash.
    const segment = before.slice(0, start).split(/\|\||&&|[|;]/).pop() ?? '';
    const previous = segment.trim().split(/\s+/).filter(Boolean);
    const available = this.available();
    let pool: readonly string[] = [];
    if (previous.length === 0) pool = available.map((c) => c.name);
    else {
      const spec = available.find((c) => c.name === previous[0]);
      if (spec?.complete) {
        try {
          pool = spec.complete(previous.slice(1), { place: this.place, cluster: this.engine }, word);
        } catch {
          pool = [];
        }
      } else if (previous.length === 1) pool = spec?.subcommands ?? [];
    }
    const candidates = [...new Set(pool)].filter((c) => c.startsWith(word)).sort();
    return { start, candidates };
  }
}
