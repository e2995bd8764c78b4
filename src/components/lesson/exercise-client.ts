/**
 * The live side of <Exercise>: part of the lazily loaded lab chunk (mount.ts
 * calls attachExercises once the lab is running, and again after every
 * remount). Fills the question with the learner's own names, runs setups the
 * learner asked for, grades answers against the live cluster and records
 * progress.
 */
import {
  fill, grade, hints as hintsOf, prompt as promptOf, resolveSubjects, reveal, setupExercise,
  type Answer, type ExerciseSpec, type GradeResult,
} from '../../../sandbox/index';
import { markAttempted, markRevealed, markSolved } from '../../lib/progress';
import { neutralText } from '../../lib/exercise-text';
import type { MountedLab } from '../terminal/mount';

/** Dispatched on document after an exercise changed the lab, so the others look again. */
const SETUP_EVENT = 'podlab:exercise-setup';

const VERDICTS: Record<GradeResult['verdict'], [string, string]> = {
  correct: ['✓', 'Correct'],
  partly: ['◐', 'Partly right'],
  wrong: ['✗', 'Not right'],
  unanswerable: ['?', 'Cannot be graded now'],
};

/** Preformatted text (route tables, transcripts) that the keyboard can scroll. */
function pre(text: string): HTMLPreElement {
  const node = document.createElement('pre');
  node.textContent = text;
  node.tabIndex = 0;
  return node;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

class ExerciseController {
  private mounted: MountedLab | null = null;
  private started = false;
  private baseline: number | undefined;
  private hintsShown = 0;
  private readonly faults: boolean;
  private readonly q = <T extends Element = HTMLElement>(sel: string) => this.root.querySelector<T & Element>(sel);

  constructor(
    private readonly root: HTMLElement,
    private readonly spec: ExerciseSpec,
    private readonly slug: string,
  ) {
    this.faults = (spec.setup?.faults ?? []).length > 0;
    this.q<HTMLFormElement>('[data-exercise-form]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.check();
    });
    this.q('[data-exercise-hint]')?.addEventListener('click', () => this.hint());
    this.q('[data-exercise-start]')?.addEventListener('click', () => this.start());
    this.q('[data-exercise-reveal]')?.addEventListener('click', () => this.askReveal(true));
    this.q('[data-exercise-reveal-no]')?.addEventListener('click', () => this.askReveal(false));
    this.q('[data-exercise-reveal-yes]')?.addEventListener('click', () => this.showSolution());
    // The learner may have built what the exercise needs in the terminal meanwhile.
    root.addEventListener('focusin', () => this.refresh());
    document.addEventListener(SETUP_EVENT, () => this.refresh());
  }

  /** A (re)mounted lab: a fresh cluster starts the exercise over; a restored one picks up where the learner was. */
  attach(mounted: MountedLab): void {
    this.mounted = mounted;
    this.started = false;
    this.baseline = undefined;
    this.hintsShown = 0;
    const hintList = this.q<HTMLOListElement>('[data-exercise-hints]');
    hintList?.replaceChildren();
    if (hintList) hintList.hidden = true;
    this.q('[data-exercise-result]')?.replaceChildren();
    const solution = this.q('[data-exercise-solution]');
    solution?.replaceChildren();
    if (solution) solution.hidden = true;
    this.q('[data-exercise-setup-result]')?.replaceChildren();
    this.askReveal(false, false);
    this.root.dataset.exerciseState = 'ready';
    const check = this.q<HTMLButtonElement>('[data-exercise-check]');
    if (check) check.textContent = 'Check';
    for (const sel of ['[data-exercise-check]', '[data-exercise-hint]', '[data-exercise-reveal]', '[data-exercise-start]']) {
      const b = this.q<HTMLButtonElement>(sel);
      if (b) b.disabled = false;
    }
    const saved = mounted.exercises[this.spec.id];
    const engine = mounted.lab.cluster;
    if (saved && engine && saved.baseline <= engine.log.length) {
      this.started = true;
      this.baseline = saved.baseline;
      const count = Math.min(saved.hints, this.spec.hints.length);
      for (let i = 0; i < count; i += 1) this.showHint(false);
    }
    this.updateHintButton();
    this.refresh();
  }

  /** Keeps this exercise's start and hints with the lab. */
  private remember(): void {
    const mounted = this.mounted;
    if (!mounted || this.baseline === undefined) return;
    mounted.exercises[this.spec.id] = { baseline: this.baseline, hints: this.hintsShown };
    mounted.save();
  }

  private get engine() {
    return this.mounted?.lab.cluster ?? null;
  }

  /** Fills the texts from the cluster as it is; starts the exercise when nothing needs breaking first. */
  private refresh(): void {
    const engine = this.engine;
    if (!engine) return;
    const res = resolveSubjects(this.spec, engine);
    const promptEl = this.q('[data-exercise-prompt]');
    if (promptEl) promptEl.textContent = res.ok ? promptOf(this.spec, engine) : neutralText(this.spec, this.spec.prompt);
    const options = this.spec.kind === 'choice' ? this.spec.options : this.spec.kind === 'fix-it' ? this.spec.broken : [];
    for (const o of options) {
      const span = this.root.querySelector(`[data-option-id="${CSS.escape(o.id)}"]`);
      if (span) span.textContent = res.ok ? fill(o.text, res.subjects) : neutralText(this.spec, o.text);
    }
    if (res.ok && !this.started && !this.faults) {
      this.started = true;
      this.baseline = engine.log.length;
      this.remember();
    }
    const setup = this.q('[data-exercise-setup]');
    const start = this.q<HTMLButtonElement>('[data-exercise-start]');
    if (start) start.hidden = this.started;
    // Once started without a transcript to show (the lab already had what it needs), the setup box has nothing to say.
    if (setup) setup.hidden = this.started && !this.q('[data-exercise-setup-result]')?.hasChildNodes();
  }

  private say(...nodes: Array<Node | string>): void {
    this.q('[data-exercise-result]')?.replaceChildren(...nodes);
  }

  private start(): void {
    const mounted = this.mounted;
    if (!mounted) return;
    const r = setupExercise(this.spec, mounted.lab);
    if ('error' in r) {
      this.say(el('p', `The exercise could not be started: ${r.error}. "Reset lab" brings back the lesson's start.`));
      return;
    }
    this.started = true;
    this.baseline = r.baseline;
    this.remember();
    const children: Node[] = [el('p', this.faults ? 'Started: your lab ran the lines below, then something in its network broke.' : 'Started: your lab ran the lines below.')];
    if (r.transcript) children.push(pre(r.transcript));
    this.q('[data-exercise-setup-result]')?.replaceChildren(...children);
    this.refresh();
    document.dispatchEvent(new CustomEvent(SETUP_EVENT));
    const question = this.q<HTMLElement>('[data-exercise-prompt]');
    question?.setAttribute('tabindex', '-1');
    question?.focus();
  }

  /** What the learner wrote, in the shape grade() takes; null when nothing was given. */
  private answer(): Answer | null {
    const parts = new Map<string, string[]>();
    for (const input of this.root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-answer-part]')) {
      if (input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox') && !input.checked) continue;
      const value = input.value.trim();
      if (value === '') continue;
      const part = input.dataset.answerPart ?? 'answer';
      parts.set(part, [...(parts.get(part) ?? []), value]);
    }
    if (parts.size === 0) return null;
    switch (this.spec.kind) {
      case 'predict':
        return Object.fromEntries([...parts].map(([k, v]) => [k, v.join(' ')]));
      case 'fix-it':
        return { broken: parts.get('broken')?.join(', ') ?? '' };
      default:
        return parts.get('answer')?.join(', ') ?? null;
    }
  }

  private check(): void {
    const engine = this.engine;
    if (!engine) {
      this.say(el('p', 'The lab has no cluster to grade against. Reset the lab to get the lesson\'s cluster back.'));
      return;
    }
    this.refresh();
    if (!this.started) {
      this.say(el('p', 'Start this exercise first: it needs your lab prepared.'));
      return;
    }
    // A fix-it exercise is graded on the repair alone as well.
    const answer = this.answer() ?? (this.spec.kind === 'fix-it' ? { broken: '' } : null);
    if (answer === null) {
      this.say(el('p', 'Write or choose an answer first.'));
      return;
    }
    const r = grade(this.spec, engine, answer, this.baseline !== undefined ? { baseline: this.baseline } : {});
    markAttempted(this.slug, this.spec.id);
    if (r.verdict === 'correct') markSolved(this.slug, this.spec.id);
    const [icon, word] = VERDICTS[r.verdict];
    const verdict = el('p', undefined, 'ex-verdict');
    verdict.dataset.verdict = r.verdict;
    const mark = el('span', icon);
    mark.setAttribute('aria-hidden', 'true');
    verdict.append(mark, ' ', word);
    const nodes: Node[] = [verdict];
    if (r.parts && r.parts.length > 1 && r.verdict !== 'correct') {
      const list = el('ul', undefined, 'ex-parts');
      for (const p of r.parts) list.append(el('li', `${p.part}: ${p.correct ? 'right' : 'not right'}${p.given !== undefined ? ` (you gave ${p.given})` : ''}`));
      nodes.push(list);
    }
    if (r.feedback.trim() !== '') nodes.push(pre(r.feedback));
    this.say(...nodes);
  }

  private updateHintButton(): void {
    const button = this.q<HTMLButtonElement>('[data-exercise-hint]');
    if (!button) return;
    const total = this.spec.hints.length;
    if (this.hintsShown >= total) {
      button.textContent = total === 0 ? 'No hints' : 'No more hints';
      button.disabled = true;
    } else {
      button.textContent = `Hint ${this.hintsShown + 1} of ${total}`;
      button.disabled = this.mounted === null;
    }
  }

  private hint(): void {
    if (this.showHint(true)) this.remember();
  }

  /** Shows the next hint; `announce` also says it in the result region. */
  private showHint(announce: boolean): boolean {
    const engine = this.engine;
    if (!engine || this.hintsShown >= this.spec.hints.length) return false;
    if (announce) this.refresh();
    const res = resolveSubjects(this.spec, engine);
    const text = res.ok ? hintsOf(this.spec, engine)[this.hintsShown] : neutralText(this.spec, this.spec.hints[this.hintsShown] ?? '');
    const list = this.q<HTMLOListElement>('[data-exercise-hints]');
    if (list) {
      list.hidden = false;
      list.append(el('li', text ?? ''));
    }
    this.hintsShown += 1;
    this.updateHintButton();
    if (announce) this.say(el('p', `Hint ${this.hintsShown}: ${text ?? ''}`));
    return true;
  }

  private askReveal(open: boolean, focus = true): void {
    const confirm = this.q('[data-exercise-confirm]');
    if (!confirm) return;
    confirm.hidden = !open;
    if (!focus) return;
    if (open) this.q<HTMLButtonElement>('[data-exercise-reveal-yes]')?.focus();
    else this.q<HTMLButtonElement>('[data-exercise-reveal]')?.focus();
  }

  private showSolution(): void {
    const engine = this.engine;
    this.askReveal(false, false);
    if (!engine) return;
    this.refresh();
    const box = this.q('[data-exercise-solution]');
    if (!box) return;
    const heading = el('p', 'Solution');
    heading.className = 'ex-verdict';
    const text = this.started ? reveal(this.spec, engine) : 'Start this exercise first: the solution is worked out on your own cluster.';
    box.replaceChildren(heading, pre(text));
    box.hidden = false;
    if (this.started) markRevealed(this.slug, this.spec.id);
    this.say(el('p', 'The solution is shown below the exercise.'));
    this.q<HTMLButtonElement>('[data-exercise-reveal]')?.focus();
  }
}

const controllers = new Map<HTMLElement, ExerciseController>();

function readSpec(root: HTMLElement): ExerciseSpec | null {
  try {
    return JSON.parse(root.querySelector('[data-exercise-spec]')?.textContent ?? 'null') as ExerciseSpec | null;
  } catch {
    return null;
  }
}

/** Binds the page's exercises graded on this lab (`<Exercise lab>` = `<Terminal name>`) to it; called on each mount. */
export function attachExercises(mounted: MountedLab): void {
  const slug = document.querySelector<HTMLElement>('[data-lesson-slug]')?.dataset.lessonSlug ?? location.pathname;
  for (const root of document.querySelectorAll<HTMLElement>('[data-exercise]')) {
    if ((root.dataset.exerciseLab ?? 'lab') !== mounted.name) continue;
    let controller = controllers.get(root);
    if (!controller) {
      const spec = readSpec(root);
      if (!spec) continue;
      controller = new ExerciseController(root, spec, slug);
      controllers.set(root, controller);
    }
    controller.attach(mounted);
  }
}
