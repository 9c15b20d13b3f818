// The jobs an instance holds (accepted, not yet served), in accept order, as a list linked through the
// jobs themselves: no array or list object to touch per request. The instance is the list's owner.

import type { Job } from './job.js';

export interface HeldList {
  heldHead: Job | null;
  heldTail: Job | null;
  /** A watcher's resume point (the idle watchdog's): moved back when its job leaves. */
  bookmark: Job | null;
}

/** Appends a job the instance just accepted. */
export function appendHeld(list: HeldList, job: Job): void {
  job.nextHeld = null;
  job.prevHeld = list.heldTail;
  if (list.heldTail === null) list.heldHead = job;
  else list.heldTail.nextHeld = job;
  list.heldTail = job;
}

/** Removes a served job, wherever it is: nothing keeps it alive behind an older one still in service. */
export function removeHeld(list: HeldList, job: Job): void {
  const { prevHeld: prev, nextHeld: next } = job;
  if (prev === null) list.heldHead = next;
  else prev.nextHeld = next;
  if (next === null) list.heldTail = prev;
  else next.prevHeld = prev;
  if (list.bookmark === job) list.bookmark = prev;
}
