import type { Completion, Interpreter, RunResult } from '../tty/interpreter';
import type { History } from '../tty/history';
import type { Engine } from '../engine';
import { tokenize } from './tokenize';
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
export class Shell implements Interpreter {
  private lastStatus = 0;
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
      enter: (place) => {
        this.places.push(place);
      },
      leave: () => {
        if (this.places.length <= 1) return false;
        this.places.pop();
        return true;
      },
      runIn: (place, words, io) => {
        if (words.length === 0) return 0;
        this.places.push(place);
        try {
          return this.runOne(words[0] as string, words.slice(1), io);
        } finally {
          this.places.pop();
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
    const io: Output = {
      out: (text) => {
        output += text;
      },
      err: (text) => {
        output += text;
      },
    };
    const parsed = tokenize(line);
    if (!parsed.ok) {
      io.err(`${this.place.shell}: ${parsed.error}\n`);
      this.lastStatus = 2;
      return { output, exitCode: 2 };
    }
    for (const [name, ...args] of parsed.commands) {
      this.lastStatus = this.runOne(name as string, args, io);
    }
    return { output, exitCode: this.lastStatus };
  }

  private runOne(name: string, args: string[], io: Output): number {
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
    const previous = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
    const available = this.available();
    let pool: readonly string[] = [];
    if (previous.length === 0) pool = available.map((c) => c.name);
    else if (previous.length === 1) pool = available.find((c) => c.name === previous[0])?.subcommands ?? [];
    else if (previous[0] === 'kubectl' && previous[1] === 'get' && previous.length === 2) pool = ['nodes'];
    const candidates = [...new Set(pool)].filter((c) => c.startsWith(word)).sort();
    return { start, candidates };
  }
}
