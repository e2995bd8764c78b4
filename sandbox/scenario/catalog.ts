/**
 * The lab scenarios a lesson can ask for. A scenario says where the learner
 * starts and what the cluster looks like at that moment.
 */
export const SCENARIOS = {
  'laptop': 'The learner\'s laptop with kubectl and minikube installed and no cluster yet.',
  'multinode-demo': 'A running three-node minikube cluster (profile multinode-demo, kindnet CNI).',
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, value);
}
