import type { Completion, Interpreter, RunResult } from '../tty/interpreter';
import type { History } from '../tty/history';
import type { Engine } from '../engine';
import { tokenize } from './tokenize';
import type { CommandSpec, Output, Place } from './types';

export interface ShellOptions {
  place: Place;
  history: History;
  commands: readonly CommandSpec[];
  cluster: () => Engine | null;
  now: () => number;
}

/** Ubuntu's default PS1 colours: bold green user@host, bold blue directory. */
export function formatPrompt(place: Place): string {
  const sigil = place.user === 'root' ? '#' : '$';
  if (place.shell === 'sh') return `${sigil} `;
  return `\x1b[01;32m${place.user}@${place.host}\x1b[00m:\x1b[01;34m${place.cwd}\x1b[00m${sigil} `;
}

/** Runs lines against the command table; the line editor drives it through Interpreter. */
export class Shell implements Interpreter {
  private lastStatus = 0;
  private readonly byName: Map<string, CommandSpec>;

  constructor(private readonly options: ShellOptions) {
    this.byName = new Map(options.commands.map((c) => [c.name, c]));
  }

  get status(): number {
    return this.lastStatus;
  }

  /** Ctrl-C abandoned the line: bash then reports 130 (128 + SIGINT) in $?. */
  interrupted(): void {
    this.lastStatus = 130;
  }

  prompt(): string {
    return formatPrompt(this.options.place);
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
      io.err(`${this.options.place.shell}: ${parsed.error}\n`);
      this.lastStatus = 2;
      return { output, exitCode: 2 };
    }
    for (const [name, ...args] of parsed.commands) {
      this.lastStatus = this.runOne(name as string, args, io);
    }
    return { output, exitCode: this.lastStatus };
  }

  private runOne(name: string, args: string[], io: Output): number {
    const spec = this.byName.get(name);
    const { place } = this.options;
    if (spec === undefined) {
      io.err(place.shell === 'bash' ? `bash: ${name}: command not found\n` : `sh: ${name}: not found\n`);
      return 127;
    }
    try {
      return spec.run({
        args,
        io,
        place,
        history: this.options.history,
        cluster: this.options.cluster(),
        now: this.options.now(),
        commands: this.options.commands,
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
    let pool: readonly string[] = [];
    if (previous.length === 0) pool = [...this.byName.keys()];
    else if (previous.length === 1) pool = this.byName.get(previous[0] as string)?.subcommands ?? [];
    else if (previous[0] === 'kubectl' && previous[1] === 'get' && previous.length === 2) pool = ['nodes'];
    const candidates = [...new Set(pool)].filter((c) => c.startsWith(word)).sort();
    return { start, candidates };
  }
}
