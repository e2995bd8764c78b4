import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';

const run = (line: string) => createLab({ scenario: 'multinode-demo' }).exec(line);

describe('pipes into the text filters', () => {
  it.each([
    ['echo -e "b\\na\\nb" | sort', 'a\nb\nb\n', 0],
    ['echo -e "b\\na\\nb" | sort -u', 'a\nb\n', 0],
    ['echo -e "10\\n9\\n100" | sort -n', '9\n10\n100\n', 0],
    ['echo -e "10\\n9\\n100" | sort -nr', '100\n10\n9\n', 0],
    ['echo -e "a\\na\\nb" | uniq -c', '      2 a\n      1 b\n', 0],
    ['echo -e "1\\n2\\n3\\n4" | head -n 2', '1\n2\n', 0],
    ['echo -e "1\\n2\\n3\\n4" | head -3', '1\n2\n3\n', 0],
    ['echo -e "1\\n2\\n3\\n4" | tail -n 1', '4\n', 0],
    ['echo -e "1\\n2\\n3\\n4" | tail -n +3', '3\n4\n', 0],
    ['echo -e "a b\\nc" | wc -l', '2\n', 0],
    ['echo -e "a b\\nc" | wc', '      2       3       6\n', 0],
    ['echo -e "Ready\\nNotReady" | grep -c Ready', '2\n', 0],
    ['echo -e "Ready\\nNotReady" | grep -v Not', 'Ready\n', 0],
    ['echo -e "Ready\\nNotReady" | grep --color=never -i notready', 'NotReady\n', 0],
    ['echo -e "a+b\\naab" | grep --color=never "a+b"', 'a+b\n', 0],
    ['echo -e "a+b\\naab" | grep --color=never -E "a+b"', 'aab\n', 0],
    ['echo -e "x1\\ny2" | grep --color=never -n y', '2:y2\n', 0],
    ['echo nothing | grep zzz', '', 1],
    ['grep', "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    ['echo a | grep -z a', "grep: invalid option -- 'z'\nTry 'grep --help' for more information.\n", 2],
    ['echo a | head -n x', "head: invalid number of lines: 'x'\n", 1],
    ['grep a /etc/hosts', 'podlab: grep reads piped text here; try: cat /etc/hosts | grep ...\n', 2],
    ['wc -l /etc/hosts', 'podlab: wc reads piped text here; try: cat /etc/hosts | wc\n', 1],
  ])('%s', (line, output, exitCode) => {
    expect(run(line)).toEqual({ output, exitCode });
  });

  it('kubectl output filters like on a real laptop', () => {
    expect(run('kubectl get nodes | grep m02 | wc -l')).toEqual({ output: '1\n', exitCode: 0 });
    expect(run('kubectl get nodes 2>/dev/null | head -2 | grep -c multinode-demo').output).toBe('1\n');
  });

  it('grep colours matches on an Ubuntu terminal, like its grep --color=auto alias, but not into a pipe', () => {
    expect(run('echo hello | grep ell').output).toBe('h\x1b[01;31m\x1b[Kell\x1b[m\x1b[Ko\n');
    expect(run('echo hello | grep ell | sort').output).toBe('hello\n');
    expect(run('echo hello | grep -n ell').output).toBe('\x1b[32m\x1b[K1\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[Kh\x1b[01;31m\x1b[Kell\x1b[m\x1b[Ko\n');
  });

  it('a status from the middle of a pipeline does not leak: the last command decides', () => {
    expect(run('echo a | grep zzz | sort; echo $?').output).toBe('0\n');
  });
});
