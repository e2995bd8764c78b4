/**
 * Build-time words for an exercise before its lab is running: the question
 * with neutral placeholders (`‹nginx pod on control-plane›`) where the
 * learner's own names and addresses will appear, and what its setup will do.
 */
import { fill, type ExerciseSpec, type Resolved, type Subject } from '../../sandbox/index';

function neutral(subject: Subject): Resolved {
  const q = (text: string) => `‹${text}›`;
  if ('pod' in subject) {
    const p = subject.pod;
    const what = `${p.name ?? `${p.deployment} pod`}${p.onNode ? ` on ${p.onNode}` : ''}`;
    return { kind: 'pod', name: q(what), ip: q(`its IP`), node: q(p.onNode ?? 'its node'), netns: q(what), cidr: q(`${p.onNode ?? 'its node'}'s pod CIDR`) };
  }
  if ('node' in subject) {
    return { kind: 'node', name: q(subject.node), ip: q(`${subject.node}'s IP`), node: q(subject.node), netns: q(subject.node), cidr: q(`${subject.node}'s pod CIDR`) };
  }
  if ('service' in subject) return { kind: 'service', name: q(subject.service), ip: q(`${subject.service.replace(/^.*\//, '')}'s ClusterIP`) };
  if ('podCidrOf' in subject) {
    const ip = q(`an address in ${subject.podCidrOf}'s pod CIDR`);
    return { kind: 'address', name: ip, ip, node: q(subject.podCidrOf), cidr: q(`${subject.podCidrOf}'s pod CIDR`) };
  }
  if ('nodeGateway' in subject) {
    const ip = q("the node network's gateway");
    return { kind: 'address', name: ip, ip };
  }
  return { kind: 'address', name: subject.ip, ip: subject.ip };
}

/** A template with placeholders instead of the learner's values. */
export function neutralText(spec: ExerciseSpec, template: string): string {
  const subjects = Object.fromEntries(Object.entries(spec.subjects ?? {}).map(([role, s]) => [role, neutral(s)]));
  return fill(template, subjects);
}

export const KIND_LABELS: Record<ExerciseSpec['kind'], string> = {
  'route-fact': 'Route fact',
  path: 'Path',
  predict: 'Predict',
  classify: 'Classify',
  'fix-it': 'Fix it',
  choice: 'Concept',
  'service-backends': 'Service backends',
  'service-chain': 'Service rules',
  'dns-answer': 'Name lookup',
};
