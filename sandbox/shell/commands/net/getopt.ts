/**
 * POSIX/glibc getopt for the C tools (ping, traceroute, route, sysctl):
 * clustered flags (-nq), attached or separate values (-c4, -c 4), "--" ends
 * options; glibc permutes, so operands may come before options.
 */
export interface GetoptResult {
  opts: Array<{ opt: string; value?: string }>;
  operands: string[];
  /** getopt's own diagnostics: an unknown option or a missing value. */
  error?: { kind: 'invalid' | 'missing'; opt: string };
}

export function getopt(args: readonly string[], spec: string, permute = true): GetoptResult {
  const takesValue = new Set<string>();
  const known = new Set<string>();
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === ':') continue;
    known.add(c);
    if (spec[i + 1] === ':') takesValue.add(c);
  }
  const res: GetoptResult = { opts: [], operands: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      res.operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      res.operands.push(a);
      if (!permute) {
        res.operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (!known.has(c)) {
        res.error = { kind: 'invalid', opt: c };
        return res;
      }
      if (takesValue.has(c)) {
        let value = a.slice(j + 1);
        if (value === '') {
          if (i + 1 >= args.length) {
            res.error = { kind: 'missing', opt: c };
            return res;
          }
          value = args[++i] as string;
        }
        res.opts.push({ opt: c, value });
        break;
      }
      res.opts.push({ opt: c });
    }
  }
  return res;
}
