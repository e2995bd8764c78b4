/**
 * Pods by name, for resolving a command's or a trace's target without a scan
 * of every pod (a 100-node lab has thousands). The index is a side table keyed
 * by the `state.pods` array and rebuilt when that array is replaced (pod
 * deletion filters it) or changes length (creation appends). Each hit is
 * checked against the array before it is used, and anything doubtful falls
 * back to the scan, so the answer is always the one `Array.find` gives.
 */
import type { ClusterState, PodObj } from '../model/cluster';

interface PodIndex {
  pods: PodObj[];
  length: number;
  /** "namespace/name" and bare "name" -> positions in `pods`, ascending. */
  at: Map<string, number[]>;
}

const indexes = new WeakMap<PodObj[], PodIndex>();

function indexOf(pods: PodObj[]): PodIndex {
  const ix = indexes.get(pods);
  if (ix && ix.length === pods.length) return ix;
  const at = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const list = at.get(key);
    if (list) list.push(i);
    else at.set(key, [i]);
  };
  pods.forEach((p, i) => {
    add(`${p.namespace}/${p.name}`, i);
    add(p.name, i);
  });
  const built = { pods, length: pods.length, at };
  indexes.set(pods, built);
  return built;
}

/** `state.pods.find((p) => p.name === name && (namespace ? p.namespace === namespace : true))`. */
export function findPodByName(state: ClusterState, name: string, namespace?: string): PodObj | undefined {
  const pods = state.pods;
  const scan = () => pods.find((p) => p.name === name && (namespace ? p.namespace === namespace : true));
  const positions = indexOf(pods).at.get(namespace ? `${namespace}/${name}` : name);
  if (!positions) return scan();
  for (const i of positions) {
    const p = pods[i];
    if (!p || p.name !== name || (namespace && p.namespace !== namespace)) {
      indexes.delete(pods);
      return scan();
    }
  }
  return pods[positions[0]!];
}
