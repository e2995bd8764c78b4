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
    // Every match, from the start of the line (a leading match once went missing).
    ['echo "a 10.1.2.3:80 b" | grep -o "[0-9]" | cat', '1\n0\n1\n2\n3\n8\n0\n', 0],
    ['echo "to 10.244.1.2:80, to 10.244.2.2:80" | grep -o "[0-9.]*:80" | cat', '10.244.1.2:80\n10.244.2.2:80\n', 0],
    ['echo -e "Ready\\nNotReady" | grep --color=never -i notready', 'NotReady\n', 0],
    ['echo -e "a+b\\naab" | grep --color=never "a+b"', 'a+b\n', 0],
    ['echo -e "a+b\\naab" | grep --color=never -E "a+b"', 'aab\n', 0],
    ['echo -e "x1\\ny2" | grep --color=never -n y', '2:y2\n', 0],
    ['echo nothing | grep zzz', '', 1],
    ['grep', "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    ['echo a | grep -z a', "grep: invalid option -- 'z'\nTry 'grep --help' for more information.\n", 2],
    ['echo a | head -n x', "head: invalid number of lines: 'x'\n", 1],
    // GNU grep and head word a missing file differently; the laptop keeps no /etc files in the lab.
    ['grep a /etc/nope', 'grep: /etc/nope: No such file or directory\n', 2],
    ['head -2 /etc/nope', "head: cannot open '/etc/nope' for reading: No such file or directory\n", 1],
    ['grep a /etc', 'grep: /etc: Is a directory\n', 2],
    ['grep a x y', 'podlab: grep reads one file at a time here; try: cat x y | grep ...\n', 2],
    ['wc -l /etc/hosts', 'podlab: wc counts piped text here; try: cat /etc/hosts | wc -l\n', 1],
  ])('%s', (line, output, exitCode) => {
    expect(run(line)).toEqual({ output, exitCode });
  });

  it('a file named on the command line reads like the same file piped in', () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    const conflist = '/etc/cni/net.d/10-kindnet.conflist';
    for (const filter of ['grep -n type', 'head -4', 'tail -n 3', 'sort', 'uniq -c', 'grep -c ptp']) {
      const [tool, ...opts] = filter.split(' ');
      const named = lab.exec(`minikube ssh '${tool} ${opts.join(' ')} ${conflist}'`);
      const piped = lab.exec(`minikube ssh 'cat ${conflist} | ${filter}'`);
      expect(named, filter).toEqual(piped);
      expect(named.output.length, filter).toBeGreaterThan(0);
    }
    expect(lab.exec(`minikube ssh 'grep -c ptp ${conflist}'`).output).toBe('1\n');
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
