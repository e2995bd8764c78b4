/**
 * The article fixture: for seed 0 the draw streams start with the values that
 * reproduce the published demo (FIDELITY.md, shared/seeds/000_*.txt), then
 * continue with the seeded generator. Controllers stay generic: they draw as
 * always and happen to receive these values first.
 *
 * bootstrap: docker network index 6 of [.49, .58, .67, .76, .85, .94, .103]
 *            -> 192.168.103.0/24; join gap of m02 30 s + 13 s = 43 s and of
 *            m03 20 s + 4 s = 24 s; time until the demo moment 480 s + 48 s
 *            after the last join, so `kubectl get nodes` reads 9m55s/9m12s/8m48s.
 * names:     the nginx ReplicaSet's pod-template-hash as the uint32 whose
 *            SafeEncodeString is "5844775f89" (1400331945), then the pod name
 *            suffixes in creation order.
 * sched:     tie-breaks among equally spread nodes: first pod -> index 0 of
 *            [control-plane, m02, m03]; second -> index 1 of [m02, m03].
 */
import type { FixtureDraw, StreamName } from '../model/draws';

export const ARTICLE_SEED = 0;

export const ARTICLE_FIXTURE: Partial<Record<StreamName, FixtureDraw[]>> = {
  bootstrap: [6, 13_000, 4_000, 48_000],
  names: [1_400_331_945, '4nnwf', '9ptln', 'r6tkk'],
  sched: [0, 1],
};

export function fixtureFor(seed: number): Partial<Record<StreamName, FixtureDraw[]>> {
  return seed === ARTICLE_SEED ? ARTICLE_FIXTURE : {};
}
