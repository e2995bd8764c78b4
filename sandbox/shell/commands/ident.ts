/** hostname, whoami and id, as coreutils/hostname (Ubuntu) and busybox print them. */
import type { CommandContext, CommandSpec } from '../types';

/**
 * The docker user on a kicbase node (`minikube ssh`), as a real node prints
 * `id` (a kicbase node of minikube's recent releases; the group ids come from
 * the order kicbase's Dockerfile creates the groups in).
 */
export const KICBASE_DOCKER_ID = 'uid=1000(docker) gid=997(docker) groups=997(docker),27(sudo),107(nerdctl),108(buildkit),109(podman)';

function idLine(ctx: CommandContext): string {
  const p = ctx.place;
  if (p.user === 'docker' && p.uid === 1000 && p.kind === 'node' && p.image === undefined) return KICBASE_DOCKER_ID;
  if (p.uid === 0) {
    if (ctx.flavor === 'busybox') {
      // Alpine's /etc/group puts root in these groups; the busybox image only in wheel.
      if (p.image && /(^|\/)busybox([:@]|$)/.test(p.image)) return 'uid=0(root) gid=0(root) groups=0(root),10(wheel)';
      return 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)';
    }
    return 'uid=0(root) gid=0(root) groups=0(root)';
  }
  return `uid=${p.uid}(${p.user}) gid=${p.uid}(${p.user}) groups=${p.uid}(${p.user})`;
}

export const hostname: CommandSpec = {
  name: 'hostname',
  summary: 'print the host name',
  usage: 'hostname',
  run(ctx) {
    const a = ctx.args[0];
    if (a === undefined || a === '-s' || a === '--short' || a === '-f' || a === '--fqdn' || a === '--long') {
      ctx.io.out(`${ctx.place.host}\n`);
      return 0;
    }
    if (a === '-i' || a === '--ip-address' || a === '-I' || a === '--all-ip-addresses') {
      const engine = ctx.cluster;
      const ns = engine && ctx.place.netns ? engine.netns(ctx.place.netns) : undefined;
      const ips = ns ? ns.addresses.filter((x) => x.scope === 'global').map((x) => [x.local >>> 24, (x.local >>> 16) & 255, (x.local >>> 8) & 255, x.local & 255].join('.')) : [];
      ctx.io.out(a === '-I' || a === '--all-ip-addresses' ? `${ips.join(' ')} \n` : `${ips[0] ?? '127.0.1.1'}\n`);
      return 0;
    }
    if (a.startsWith('-')) {
      ctx.io.err(`hostname: invalid option -- '${a.replace(/^-+/, '').charAt(0)}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n       hostname                                 display host name\n`);
      return 1;
    }
    ctx.io.err(ctx.flavor === 'busybox' ? 'hostname: sethostname: Operation not permitted\n' : 'hostname: you must be root to change the host name\n');
    return 1;
  },
};

export const whoami: CommandSpec = {
  name: 'whoami',
  summary: 'print the current user name',
  usage: 'whoami',
  run(ctx) {
    if (ctx.args.length > 0 && ctx.flavor !== 'busybox') {
      ctx.io.err(`whoami: extra operand '${ctx.args[0]}'\nTry 'whoami --help' for more information.\n`);
      return 1;
    }
    ctx.io.out(`${ctx.place.user}\n`);
    return 0;
  },
};

export const id: CommandSpec = {
  name: 'id',
  summary: 'print user and group ids',
  usage: 'id [-u|-g|-n] [USER]',
  run(ctx) {
    const line = idLine(ctx);
    const flags = ctx.args.filter((a) => a.startsWith('-')).join('');
    const user = ctx.args.find((a) => !a.startsWith('-'));
    if (user !== undefined && user !== ctx.place.user && user !== 'root') {
      ctx.io.err(ctx.flavor === 'busybox' ? `id: unknown user ${user}\n` : `id: '${user}': no such user\n`);
      return 1;
    }
    const effective = user === 'root' && ctx.place.uid !== 0 ? 'uid=0(root) gid=0(root) groups=0(root)' : line;
    const uid = /uid=(\d+)\(([^)]*)\)/.exec(effective)!;
    const gid = /gid=(\d+)\(([^)]*)\)/.exec(effective)!;
    const groups = [...effective.replace(/^.*groups=/, '').matchAll(/(\d+)\(([^)]*)\)/g)];
    const names = flags.includes('n');
    if (flags.includes('u')) ctx.io.out(`${names ? uid[2] : uid[1]}\n`);
    else if (flags.includes('G')) ctx.io.out(`${groups.map((g) => (names ? g[2] : g[1])).join(' ')}\n`);
    else if (flags.includes('g')) ctx.io.out(`${names ? gid[2] : gid[1]}\n`);
    else ctx.io.out(`${effective}\n`);
    return 0;
  },
};
