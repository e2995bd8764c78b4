import type { CommandSpec } from '../types';

/** `clear` as ncurses prints it for xterm: home, erase screen, erase scrollback. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

export const help: CommandSpec = {
  name: 'help',
  builtin: true,
  summary: 'list the commands this lab understands',
  usage: 'help',
  run({ io, commands }) {
    const width = Math.max(...commands.map((c) => c.name.length));
    io.out('Podlab lab shell. These commands work here:\n\n');
    for (const c of [...commands].sort((a, b) => a.name.localeCompare(b.name))) {
      io.out(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
    }
    io.out('\nKeys: Tab completes, Up/Down walk the history, Ctrl-C cancels a line, Ctrl-L clears the screen.\n');
    return 0;
  },
};

export const clear: CommandSpec = {
  name: 'clear',
  builtin: true,
  summary: 'clear the terminal screen',
  usage: 'clear',
  run({ io }) {
    io.out(CLEAR_SCREEN);
    return 0;
  },
};

/** bash's builtin echo: -n drops the newline, -e turns on backslash escapes, -E turns them off. */
export const echo: CommandSpec = {
  name: 'echo',
  builtin: true,
  summary: 'print its arguments',
  usage: 'echo [-neE] [arg ...]',
  run({ args, io }) {
    let newline = true;
    let escapes = false;
    let i = 0;
    for (; i < args.length; i += 1) {
      const a = args[i] as string;
      if (!/^-[neE]+$/.test(a)) break;
      for (const f of a.slice(1)) {
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = args.slice(i).join(' ');
    if (escapes) {
      const cut = text.indexOf('\\c');
      if (cut >= 0) {
        text = text.slice(0, cut);
        newline = false;
      }
      text = interpretEscapes(text);
    }
    io.out(newline ? `${text}\n` : text);
    return 0;
  },
};

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

function interpretEscapes(text: string): string {
  return text.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (whole, seq: string) => {
    if (seq[0] === '0') return String.fromCharCode(parseInt(seq.slice(1) || '0', 8));
    if (seq[0] === 'x' && seq.length > 1) return String.fromCharCode(parseInt(seq.slice(1), 16));
    return SIMPLE_ESCAPES[seq] ?? whole;
  });
}

/** bash's `history`: numbers right-aligned in five columns, two spaces, the line. `-c` clears. */
export const history: CommandSpec = {
  name: 'history',
  builtin: true,
  summary: 'show the commands typed so far',
  usage: 'history [-c] [n]',
  run({ args, io, history: h }) {
    if (args[0] === '-c') {
      h.clear();
      return 0;
    }
    let entries = h.numbered();
    if (args[0] !== undefined) {
      if (!/^\d+$/.test(args[0])) {
        io.err(`bash: history: ${args[0]}: numeric argument required\n`);
        return 1;
      }
      entries = Number(args[0]) === 0 ? [] : entries.slice(-Number(args[0]));
    }
    for (const { n, line } of entries) io.out(`${String(n).padStart(5)}  ${line}\n`);
    return 0;
  },
};

export const exit: CommandSpec = {
  name: 'exit',
  builtin: true,
  summary: 'leave the current shell (a node or pod shell returns to the laptop)',
  usage: 'exit [n]',
  run({ args, io, place, shell }) {
    const code = args[0] === undefined ? 0 : Number.parseInt(args[0], 10);
    if (!shell.leave()) {
      if (shell.quit) {
        shell.quit(Number.isNaN(code) ? 2 : code & 255);
        return Number.isNaN(code) ? 2 : code & 255;
      }
      io.err("podlab: this is the lab's outermost shell, so there is nothing to exit to.\n");
      return 0;
    }
    if (place.farewell) io.out(place.farewell);
    return Number.isNaN(code) ? 2 : code & 255;
  },
};

export const trueCommand: CommandSpec = {
  name: 'true',
  builtin: true,
  summary: 'do nothing, successfully',
  usage: 'true',
  run: () => 0,
};

export const falseCommand: CommandSpec = {
  name: 'false',
  builtin: true,
  summary: 'do nothing, unsuccessfully',
  usage: 'false',
  run: () => 1,
};
