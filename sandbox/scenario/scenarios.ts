/**
 * What each catalog scenario builds. `laptop` has no cluster yet (the learner
 * runs `minikube start`), so it maps to null.
 */
import type { CreateClusterOptions } from '../control/cluster';
import type { ScenarioName } from './catalog';

export const SCENARIO_SPECS: Record<ScenarioName, CreateClusterOptions | null> = {
  laptop: null,
  'multinode-demo': { profile: 'multinode-demo', nodes: 3 },
};
