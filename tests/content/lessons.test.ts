/**
 * Every lesson (content/lessons/NN-slug.mdx) has what a lesson needs: its
 * objectives, at least three exercises defined beside it (one of them a
 * route question), a recap, further reading with links, and "Run in lab"
 * commands that work. Each <TryThis> is run in its lab, in the order the
 * lesson gives them, on three learners' clusters (seeds 0, 1 and 7), and
 * must exit 0 there: a command meant to fail is a bad TryThis.
 *
 * The MDX is read with the MDX parser itself (@mdx-js/mdx, which Astro's MDX
 * integration uses), so components and headings are found as the build
 * finds them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessor } from '@mdx-js/mdx';
import type { Nodes, Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createLab, isScenarioName, type ExerciseSpec, type ScenarioName } from '../../sandbox/index';
import { lessonSchema } from '../../src/lib/lesson-schema';

const LESSONS_DIR = fileURLToPath(new URL('../../content/lessons', import.meta.url));
/** The placeholder lesson, to be removed once the course is written. */
const SEEDS = [0, 1, 7];
/** Virtual time between two commands: a learner reads the output before typing on. */
const THINK_MS = 5000;
/** Exercise kinds that ask about routes and paths. */
const ROUTE_KINDS = new Set<ExerciseSpec['kind']>(['route-fact', 'path', 'predict', 'fix-it']);
/** The lesson layout's own lab (`<Terminal name>` defaults to it). */
const MAIN_LAB = 'lab';

type Jsx = MdxJsxFlowElement | MdxJsxTextElement;

interface TryThisUse {
  cmd: string;
  lab: string;
  line: number;
}

interface LessonFacts {
  file: string;
  frontmatter: unknown;
  /** Exercises placed in the text, in order. */
  exercises: string[];
  tryThis: TryThisUse[];
  /** Labs placed in the text with <Terminal name scenario>, besides the layout's own. */
  terminals: Map<string, string>;
  headings: Array<{ depth: number; text: string }>;
  /** Links in the "Further reading" section, or null when there is no such section. */
  furtherReadingLinks: number | null;
  /** What could not be read (an attribute given as an expression, unparsable frontmatter). */
  problems: string[];
}

function textOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'mdxjsEsm') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

function isJsx(node: Nodes): node is Jsx {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** A JSX attribute's value when it is plain text; an expression ({...}) is reported. */
function attr(node: Jsx, name: string, problems: string[]): string | undefined {
  for (const a of node.attributes) {
    if (a.type !== 'mdxJsxAttribute' || a.name !== name) continue;
    if (typeof a.value === 'string') return a.value;
    problems.push(`line ${node.position?.start.line ?? '?'}: <${node.name} ${name}> should be plain text in quotes, found ${a.value === null || a.value === undefined ? 'no value' : `{${a.value.value}}`}`);
    return undefined;
  }
  return undefined;
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children as Nodes[]) walk(child, visit);
}

/** Reads a lesson's frontmatter and the parts of its MDX this test checks. */
function readLesson(file: string, source: string): LessonFacts {
  const problems: string[] = [];
  // Frontmatter is YAML between two "---" lines at the very start (Astro's convention).
  const fence = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  let frontmatter: unknown;
  if (!fence) problems.push('no frontmatter (a YAML block between --- lines at the top)');
  else {
    try {
      frontmatter = parseYaml(fence[1] ?? '');
    } catch (error) {
      problems.push(`frontmatter is not YAML: ${(error as Error).message}`);
    }
  }
  // Blank lines keep the line numbers of the body the same as in the file.
  const body = fence ? '\n'.repeat(fence[0].split('\n').length - 1) + source.slice(fence[0].length) : source;
  const tree = createProcessor({ format: 'mdx' }).parse(body) as Root;

  const facts: LessonFacts = { file, frontmatter, exercises: [], tryThis: [], terminals: new Map(), headings: [], furtherReadingLinks: null, problems };
  walk(tree, (node) => {
    if (node.type === 'heading') facts.headings.push({ depth: node.depth, text: textOf(node).trim() });
    if (!isJsx(node)) return;
    const line = node.position?.start.line ?? 0;
    if (node.name === 'Exercise') {
      const id = attr(node, 'id', problems);
      if (id) facts.exercises.push(id);
      else problems.push(`line ${line}: <Exercise> without an id`);
    }
    if (node.name === 'TryThis') {
      const cmd = attr(node, 'cmd', problems);
      if (cmd) facts.tryThis.push({ cmd, lab: attr(node, 'lab', problems) ?? MAIN_LAB, line });
      else problems.push(`line ${line}: <TryThis> without a cmd`);
    }
    if (node.name === 'Terminal') {
      const scenario = attr(node, 'scenario', problems);
      const name = attr(node, 'name', problems) ?? MAIN_LAB;
      if (scenario) facts.terminals.set(name, scenario);
    }
  });

  // "Further reading": a level-2 heading, up to the next heading of level 2 or above.
  const start = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 2 && textOf(n).trim() === 'Further reading');
  if (start >= 0) {
    let links = 0;
    for (const node of tree.children.slice(start + 1)) {
      if (node.type === 'heading' && node.depth <= 2) break;
      walk(node, (n) => {
        if (n.type === 'link' || n.type === 'linkReference' || (isJsx(n) && n.name === 'a')) links += 1;
      });
    }
    facts.furtherReadingLinks = links;
  }
  return facts;
}

/** What the lesson lacks, in words an author can act on. */
function structureProblems(facts: LessonFacts, specs: ExerciseSpec[] | undefined): string[] {
  const out = [...facts.problems];
  const parsed = lessonSchema.safeParse(facts.frontmatter);
  if (!parsed.success) out.push(...parsed.error.issues.map((i) => `frontmatter ${i.path.join('.')}: ${i.message}`));

  if (!specs) out.push(`no exercises module beside the lesson (${facts.file.replace(/\.mdx$/, '.exercises.ts')} exporting \`exercises\`)`);
  const byId = new Map((specs ?? []).map((s) => [s.id, s]));
  if (facts.exercises.length < 3) out.push(`expected at least 3 <Exercise id="..."> in the lesson, found ${facts.exercises.length}`);
  for (const id of facts.exercises) {
    if (!byId.has(id)) out.push(`<Exercise id="${id}">: no exercise with that id in ${basename(facts.file).replace(/\.mdx$/, '.exercises.ts')}`);
  }
  const kinds = facts.exercises.map((id) => byId.get(id)?.kind).filter((k): k is ExerciseSpec['kind'] => k !== undefined);
  if (!kinds.some((k) => ROUTE_KINDS.has(k))) {
    out.push(`expected at least one route question (an exercise of kind ${[...ROUTE_KINDS].join(', ')}), found only ${kinds.join(', ') || 'none'}`);
  }

  const h2 = facts.headings.filter((h) => h.depth === 2).map((h) => h.text);
  if (!h2.includes('Recap')) out.push('expected a "## Recap" heading');
  if (facts.furtherReadingLinks === null) out.push('expected a "## Further reading" heading');
  else if (facts.furtherReadingLinks < 2) out.push(`expected at least 2 links under "## Further reading", found ${facts.furtherReadingLinks}`);
  return out;
}

/** Runs the lesson's TryThis commands, lab by lab in document order; returns every one that did not exit 0. */
function tryThisFailures(facts: LessonFacts, seed: number): string[] {
  const data = facts.frontmatter as { lab?: { scenario?: unknown } } | undefined;
  const scenarioOf = (lab: string): unknown => facts.terminals.get(lab) ?? (lab === MAIN_LAB ? data?.lab?.scenario : undefined);
  const labs = new Map<string, ReturnType<typeof createLab>>();
  const failures: string[] = [];
  for (const { cmd, lab: name, line } of facts.tryThis) {
    const scenario = scenarioOf(name);
    if (!isScenarioName(scenario)) {
      failures.push(`line ${line}: <TryThis lab="${name}">: no lab of that name on the page (or its scenario is unknown)`);
      continue;
    }
    let lab = labs.get(name);
    if (!lab) {
      lab = createLab({ scenario: scenario as ScenarioName, seed });
      labs.set(name, lab);
    } else {
      lab.advance(THINK_MS);
    }
    const step = lab.step(cmd);
    if (step.exitCode !== 0) {
      const output = step.output.trim().split('\n').slice(0, 4).join('\n    ');
      failures.push(`line ${line}: \`${cmd}\` exited ${step.exitCode} at ${step.prompt.trim() || step.context}:\n    ${output}`);
    }
  }
  for (const lab of labs.values()) lab.dispose();
  return failures;
}

// ---- the checker itself, on small lessons written here --------------------------

const FRONT = `---
title: A test lesson
summary: Checks the checker.
order: 99
objectives:
  - Read a route
lab:
  scenario: multinode-demo
---
`;
const SPECS = [
  { id: 'x-route', kind: 'route-fact' },
  { id: 'x-choice', kind: 'choice' },
  { id: 'x-classify', kind: 'classify' },
  { id: 'x-choice-2', kind: 'choice' },
] as unknown as ExerciseSpec[];
const GOOD_BODY = `
## Look

<TryThis cmd="kubectl get nodes -o wide" note="Three nodes." />

Some text with <TryThis cmd="minikube ssh -n multinode-demo-m02" /> inline.

<TryThis cmd="ip route" />

<TryThis cmd="exit" />

<Exercise id="x-route" />
<Exercise id="x-choice" />
<Exercise id="x-classify" />

## Recap

- Routes.

## Further reading

- [One](https://example.org/one)
- [Two][two]

[two]: https://example.org/two

## Afterword

[Not further reading](https://example.org/three)
`;

/** Every problem the checker finds in a lesson with this body (null specs: no exercises module). */
function check(body: string, specs: ExerciseSpec[] | null = SPECS, front = FRONT): string[] {
  const facts = readLesson('content/lessons/99-test.mdx', front + body);
  return [...structureProblems(facts, specs ?? undefined), ...SEEDS.flatMap((seed) => tryThisFailures(facts, seed).map((f) => `seed ${seed}: ${f}`))];
}

describe('the lesson checker', () => {
  it('passes a complete lesson', () => {
    expect(check(GOOD_BODY)).toEqual([]);
  });

  it('finds TryThis commands in document order, with their lab, wherever they are placed', () => {
    const facts = readLesson('x.mdx', FRONT + GOOD_BODY);
    expect(facts.tryThis.map((t) => [t.cmd, t.lab])).toEqual([
      ['kubectl get nodes -o wide', 'lab'],
      ['minikube ssh -n multinode-demo-m02', 'lab'],
      ['ip route', 'lab'],
      ['exit', 'lab'],
    ]);
    expect(facts.tryThis[0]!.line).toBe(FRONT.split('\n').length + 3);
    expect(facts.furtherReadingLinks).toBe(2);
  });

  it.each([
    ['a missing recap', GOOD_BODY.replace('## Recap', '## Summary'), /expected a "## Recap" heading/],
    ['no further reading', GOOD_BODY.replace('## Further reading', '## More'), /expected a "## Further reading" heading/],
    ['one further-reading link', GOOD_BODY.replace('- [One](https://example.org/one)\n', ''), /at least 2 links under "## Further reading", found 1/],
    ['two exercises', GOOD_BODY.replace('<Exercise id="x-classify" />', ''), /at least 3 <Exercise id="\.\.\."> in the lesson, found 2/],
    ['an exercise id not defined beside the lesson', GOOD_BODY.replace('x-classify', 'x-nope'), /<Exercise id="x-nope">: no exercise with that id in 99-test\.exercises\.ts/],
    ['no route question', GOOD_BODY.replace('x-route', 'x-choice-2'), /expected at least one route question .* found only choice, choice, classify/],
    ['a command that fails where it runs', GOOD_BODY.replace('<TryThis cmd="minikube ssh -n multinode-demo-m02" />', ''), /seed 0: line \d+: `ip route` exited 127 at learner@laptop:~\$:\n\s+bash: ip: command not found/],
    ['a command that is meant to fail', GOOD_BODY.replace('kubectl get nodes -o wide', 'kubectl get pod nope'), /`kubectl get pod nope` exited 1/],
    ['a cmd given as an expression', GOOD_BODY.replace('cmd="ip route"', 'cmd={"ip route"}'), /<TryThis cmd> should be plain text in quotes/],
  ])('reports %s', (_what, body, message) => {
    expect(check(body).join('\n')).toMatch(message);
  });

  it('reports a lesson without an exercises module, and frontmatter without objectives', () => {
    const problems = check(GOOD_BODY, null, FRONT.replace('objectives:\n  - Read a route\n', ''));
    expect(problems.join('\n')).toMatch(/no exercises module beside the lesson/);
    expect(problems.join('\n')).toMatch(/frontmatter objectives: Expected a list of at least one learning objective/);
  });

  it('runs a TryThis in the lab it names, on that lab\'s scenario', () => {
    const body = `${GOOD_BODY}\n<Terminal name="fresh" scenario="laptop" />\n\n<TryThis lab="fresh" cmd="kubectl get nodes" />\n`;
    expect(check(body).join('\n')).toMatch(/`kubectl get nodes` exited 1/);
    const started = body.replace('<TryThis lab="fresh" cmd="kubectl get nodes" />', '<TryThis lab="fresh" cmd="minikube start --nodes 3 -p multinode-demo" />\n\n<TryThis lab="fresh" cmd="kubectl get nodes" />');
    expect(check(started)).toEqual([]);
  });
});

// ---- the course's lessons -----------------------------------------------------

const exerciseModules = import.meta.glob<{ exercises?: ExerciseSpec[] }>('/content/lessons/*.exercises.ts', { eager: true });
const lessonFiles = readdirSync(LESSONS_DIR)
  .filter((f) => f.endsWith('.mdx'))
  .sort();
const lessons = lessonFiles.map((f) => {
  const facts = readLesson(`content/lessons/${f}`, readFileSync(join(LESSONS_DIR, f), 'utf8'));
  const specs = exerciseModules[`/content/lessons/${f.replace(/\.mdx$/, '.exercises.ts')}`]?.exercises;
  return [f, facts, specs] as const;
});

describe('the course', () => {
  it('has lessons, each with its exercises module beside it', () => {
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons.filter(([, , specs]) => specs === undefined).map(([file]) => file)).toEqual([]);
  });
});

describe.each(lessons)('%s', (_file, facts, specs) => {
  it('has objectives, three exercises defined beside it (one about routes), a recap and further reading', () => {
    expect(structureProblems(facts, specs)).toEqual([]);
  });

  it.each(SEEDS)('every TryThis runs and exits 0 on seed %i, in the order the lesson gives them', (seed) => {
    expect(tryThisFailures(facts, seed)).toEqual([]);
  });
});
