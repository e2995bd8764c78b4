/**
 * The live side of <ClusterDiagram>: imported by the component's tiny loader
 * once the lab is ready, so it rides after the lab chunk and costs nothing
 * before. Redraws every diagram on the page from the page's lab whenever the
 * lab (re)starts or reports a change, with the same layout code that drew
 * the build-time figure (src/lib/diagram.ts), as DOM elements (never markup
 * strings).
 */
import { layoutDiagram, isDiagramView, type DescItem, type SvgEl } from '../../lib/diagram';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The lab (re)mounted; a command or an exercise setup may have changed the cluster. */
const EVENTS = ['podlab:lab-ready', 'podlab:lab-changed', 'podlab:exercise-setup'];

function svgElement(node: SvgEl): SVGElement {
  const element = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    // The namespace declaration comes with createElementNS; setting it as an attribute is an error.
    if (name !== 'xmlns') element.setAttribute(name, String(value));
  }
  if (node.text !== undefined) element.textContent = node.text;
  for (const child of node.children) element.append(svgElement(child));
  return element;
}

function listItems(items: DescItem[]): HTMLLIElement[] {
  return items.map((item) => {
    const li = document.createElement('li');
    li.append(item.text);
    if (item.items && item.items.length > 0) {
      const ul = document.createElement('ul');
      ul.append(...listItems(item.items));
      li.append(ul);
    }
    return li;
  });
}

/** What each figure shows now, so a redraw that would change nothing leaves the DOM (and a reader's place) alone. */
const drawn = new WeakMap<HTMLElement, string>();

function redraw(figure: HTMLElement, lab: HTMLElement): void {
  const mounted = lab.podlab;
  const view = figure.dataset.view;
  const id = figure.dataset.diagramId;
  if (!mounted || !isDiagramView(view) || !id) return;
  const diagram = layoutDiagram(mounted.lab.cluster, view, { title: `${id}-title`, desc: `${id}-desc` });
  const seed = String(mounted.lab.seed);
  const key = `${seed}\n${JSON.stringify(diagram.svg)}\n${JSON.stringify(diagram.description)}`;
  if (drawn.get(figure) === key) return;
  drawn.set(figure, key);

  figure.querySelector('[data-diagram-canvas]')?.replaceChildren(svgElement(diagram.svg));
  figure.querySelector('[data-diagram-desc]')?.replaceChildren(...listItems(diagram.description));
  const status = figure.querySelector('[data-diagram-status]');
  if (status) {
    status.textContent = mounted.lab.cluster
      ? `Drawn from your lab's cluster (seed ${seed}); it follows what you do there.`
      : 'Drawn from your lab, which has no cluster yet.';
  }
  figure.dataset.diagramSource = 'live';
  figure.dataset.diagramSeed = seed;
}

/** The lab named `name` (`<Terminal name>`; the lesson's own is "lab"). */
function labHost(name: string): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>(`[data-lab][data-lab-name="${name}"]`) ??
    (name === 'lab' ? document.querySelector<HTMLElement>('[data-lab]') : null)
  );
}

function redrawAll(): void {
  for (const figure of document.querySelectorAll<HTMLElement>('[data-cluster-diagram]')) {
    const lab = labHost(figure.dataset.diagramLab ?? 'lab');
    if (lab) redraw(figure, lab);
  }
}

let started = false;

/** Draws every diagram from the lab now and after every change. Safe to call more than once. */
export function startDiagrams(): void {
  if (!started) {
    started = true;
    for (const name of EVENTS) document.addEventListener(name, redrawAll);
  }
  redrawAll();
}
