import { asRoot } from '../places';
import type { CommandSpec } from '../types';

const SHELLS = new Set(['bash', 'sh', '/bin/bash', '/bin/sh', 'su']);

/**
 * sudo on a minikube node: the docker user may run anything as root without
 * a password (kicbase puts it in the sudo group with NOPASSWD). `sudo -i`,
 * `sudo -s`, `sudo su` and `sudo bash` open a root shell; `exit` leaves it.
 */
export const sudo: CommandSpec = {
  name: 'sudo',
  summary: 'run a command as root on the node',
  usage: 'sudo [-i | -s] [command [arg ...]]',
  run(ctx) {
    const args = [...ctx.args];
    let login = false;
    let shell = false;
    while (args[0]?.startsWith('-')) {
      const flag = args.shift() as string;
      if (flag === '-i' || flag === '--login') login = true;
      else if (flag === '-s' || flag === '--shell') shell = true;
      else if (flag === '--') break;
      else {
        ctx.io.err(`sudo: invalid option -- '${flag.replace(/^-+/, '').slice(0, 1)}'\nusage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]\nusage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\n`);
        return 1;
      }
    }
    if (ctx.place.uid === 0 && ctx.place.netAdmin) {
      return args.length > 0 ? ctx.shell.runIn(ctx.place, args, ctx.io) : 0;
    }
    if (args.length === 0 || (args.length === 1 && SHELLS.has(args[0] as string))) {
      if (args.length === 0 && !login && !shell) {
        ctx.io.err('usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]\nusage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\nusage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...\n');
        return 1;
      }
      ctx.shell.enter(asRoot(ctx.place, login));
      return 0;
    }
    const root = asRoot(ctx.place, false);
    if (!(args[0] as string in root.tools) && !ctx.commands.some((c) => c.builtin && c.name === args[0])) {
      ctx.io.err(`sudo: ${args[0]}: command not found\n`);
      return 1;
    }
    return ctx.shell.runIn(root, args, ctx.io);
  },
};
