/** What the kernel functions need to see: every namespace by name. */
import type { Netns } from '../model/netns';

export interface World {
  netns: Record<string, Netns>;
}

export function nsOf(world: World, name: string): Netns {
  const ns = world.netns[name];
  if (!ns) throw new Error(`no network namespace ${name}`);
  return ns;
}
