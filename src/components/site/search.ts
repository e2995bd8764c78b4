/**
 * Full-text search over the lessons with Pagefind's low-level API and a small
 * result list of our own. Pagefind (its script, WebAssembly and index) is
 * fetched from this site the first time a search panel is opened, never on
 * page load. `npm run build` writes the index to dist/pagefind; `astro dev`
 * has none, so the panel says how to get one instead of failing.
 */

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results?: PagefindSubResult[];
}

interface PagefindSearch {
  results: { id: string; data(): Promise<PagefindResultData> }[];
}

interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(term: string, options?: Record<string, unknown>, delayMs?: number): Promise<PagefindSearch | null>;
}

const PAGEFIND_URL = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pagefind/pagefind.js`;
const MAX_RESULTS = 8;
/** Longest search accepted (the inputs' maxlength): longer text is no search a learner meant. */
export const MAX_QUERY = 200;

export const DEV_MESSAGE = 'Search is available in the built site: run npm run build && npm run preview';
const LOAD_FAILED = 'Search could not be loaded. Check your connection and reload the page to try again.';

let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND_URL) as Promise<Pagefind>).then(async (api) => {
    await api.options({ excerptLength: 24 });
    await api.init();
    return api;
  });
  return pagefind;
}

/** True when a `/` typed here is text, not a request to search. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.matches('input, textarea, select, [contenteditable]:not([contenteditable="false"])') ||
    target.closest('[data-lab], [data-lab-column], .xterm') !== null
  );
}

/**
 * The search a `?q=` address asks for, made safe to use: control characters
 * become spaces, and it is trimmed and cut to MAX_QUERY. Only ever shown as text.
 */
export function queryFromUrl(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, MAX_QUERY).trim();
}

/**
 * A Pagefind excerpt as DOM nodes, with no HTML parsing: Pagefind escapes `<`
 * and `>` in page text and adds only <mark> around matched words, so the text
 * between marks becomes text nodes and nothing in it can become markup.
 */
export function excerptNodes(excerpt: string): Node[] {
  const nodes: Node[] = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    if (part === '') continue;
    const text = part.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    if (marked) {
      const mark = document.createElement('mark');
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

/** A path on this site (the index only ever holds those; anything else is not followed). */
const isSitePath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.includes('\\');

function renderResult(result: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  const title = result.meta.title ?? result.url;
  // Point at the best-matching section when Pagefind found one.
  const section = result.sub_results?.find((sub) => sub.url.includes('#') && sub.title !== title && isSitePath(sub.url));
  link.href = section?.url ?? (isSitePath(result.url) ? result.url : '/');
  link.textContent = section ? `${title} › ${section.title}` : title;
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(section?.excerpt ?? result.excerpt));
  item.append(link, excerpt);
  return item;
}

export interface SearchPanel {
  input: HTMLInputElement;
  /** Starts fetching Pagefind, and reports if it is not there. */
  warm(): void;
  run(): Promise<void>;
}

/** Wires one `[data-search-panel]`: an input, a live status line and a result list. */
export function bindPanel(panel: HTMLElement): SearchPanel | null {
  const form = panel.querySelector('form');
  const input = panel.querySelector('input');
  const status = panel.querySelector<HTMLElement>('[data-search-status]');
  const list = panel.querySelector<HTMLElement>('[data-search-results]');
  if (!form || !input || !status || !list) return null;

  let latest = 0;
  const say = (text: string) => {
    if (status.textContent !== text) status.textContent = text;
  };
  const unavailable = () => say(import.meta.env.DEV ? DEV_MESSAGE : LOAD_FAILED);

  async function run(): Promise<void> {
    const term = input!.value.trim().slice(0, MAX_QUERY);
    const ticket = ++latest;
    if (!term) {
      list!.replaceChildren();
      say('');
      return;
    }
    let api: Pagefind;
    try {
      api = await loadPagefind();
    } catch {
      if (ticket === latest) unavailable();
      return;
    }
    const search = await api.debouncedSearch(term, {}, 150);
    if (search === null || ticket !== latest) return; // A newer keystroke took over.
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    list!.replaceChildren(...found.map(renderResult));
    const total = search.results.length;
    say(
      total === 0
        ? `Nothing in the lessons matches “${term}”.`
        : `${total === 1 ? '1 lesson matches' : `${total} lessons match`} “${term}”${total > MAX_RESULTS ? `; showing the first ${MAX_RESULTS}` : ''}.`,
    );
  }

  input.addEventListener('input', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter opens the first result, as most site searches do.
    const first = list.querySelector('a');
    if (first) first.click();
    else void run();
  });

  return {
    input,
    warm: () => void loadPagefind().catch(unavailable),
    run,
  };
}
