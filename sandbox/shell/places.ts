import { imageProfile, KICBASE_NODE_TOOLS, LAPTOP_TOOLS } from './images';
import type { Place } from './types';

/** Whether a command here may change the network (root with CAP_NET_ADMIN). */
export function canAdministerNetwork(place: Place): boolean {
  return place.uid === 0 && place.netAdmin === true;
}

/** `sudo` on a node: the same place as root, with the node's full privileges. */
export function asRoot(place: Place, login: boolean): Place {
  return { ...place, user: 'root', uid: 0, netAdmin: true, cwd: login ? '~' : place.cwd === '~' ? `/home/${place.user}` : place.cwd,
    // bash says "logout" when a login shell ends and "exit" for any other interactive one.
    farewell: login ? 'logout\n' : 'exit\n' };
}

export function laptopPlace(): Place {
  return { kind: 'laptop', user: 'learner', uid: 1000, host: 'laptop', cwd: '~', shell: 'bash', tools: LAPTOP_TOOLS, colorPrompt: true };
}

/** `minikube ssh` on the docker driver: user docker (uid 1000) in the node's own namespace. */
export function sshPlace(node: string): Place {
  return { kind: 'node', user: 'docker', uid: 1000, host: node, cwd: '~', shell: 'bash', netns: node, node, tools: KICBASE_NODE_TOOLS, colorPrompt: true, farewell: 'logout\n' };
}

/** `kubectl debug node/NODE -it --image=IMG`: a root shell of the image, in the node's network namespace. */
export function nodeDebugPlace(node: string, image: string): Place {
  const profile = imageProfile(image);
  return { kind: 'node', user: profile.user, uid: profile.uid, host: node, cwd: profile.cwd, shell: profile.shell, netns: node, node, image, tools: profile.tools };
}

/** `kubectl exec -it POD -- sh` (or a debug container sharing the pod's namespace). */
export function podPlace(pod: { namespace: string; name: string; node: string }, container: string, image: string): Place {
  const profile = imageProfile(image);
  return {
    kind: 'pod', user: profile.user, uid: profile.uid, host: pod.name, cwd: profile.cwd, shell: profile.shell,
    netns: `${pod.namespace}/${pod.name}`, node: pod.node, pod: { namespace: pod.namespace, name: pod.name, container }, image, tools: profile.tools,
  };
}
