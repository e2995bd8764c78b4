/**
 * Virtual time: milliseconds since the lab's epoch. Only the caller advances it;
 * nothing in the sandbox reads the wall clock.
 */
export interface ClockState {
  now: number;
}

export function advanceClock(clock: ClockState, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock cannot go back or jump by ${ms}`);
  clock.now += ms;
}
