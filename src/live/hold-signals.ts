// The waits of a live instance's requests, and what ends them: a service time (a real timer), a hang
// (until it ends), and the process itself (an epoch: a crash or close ends every wait of the old one).

export class HoldSignals {
  /** The process generation: a crash starts a new one, and work of the old one is dropped. */
  epoch = 0;
  /** Every pending wait, woken when the epoch ends; each removes itself when it ends first. */
  private readonly epochWaiters = new Set<() => void>();
  private readonly resumeWaiters = new Set<() => void>();

  /** Resolves after `realMs`, or at once when the epoch ends. */
  sleep(realMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.epochWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, realMs);
      this.epochWaiters.add(wake);
    });
  }

  /** Resolves when a hang ends, or the epoch does. */
  untilResumed(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.resumeWaiters.delete(wake);
        this.epochWaiters.delete(wake);
        resolve();
      };
      this.resumeWaiters.add(wake);
      this.epochWaiters.add(wake);
    });
  }

  /** Resolves when the epoch `epoch` has ended (at once if it already has). */
  untilEpochEnds(epoch: number): Promise<void> {
    if (epoch !== this.epoch) return Promise.resolve();
    return new Promise((resolve) => this.epochWaiters.add(resolve));
  }

  resume(): void {
    for (const wake of [...this.resumeWaiters]) wake();
  }

  endEpoch(): void {
    this.epoch++;
    for (const wake of [...this.epochWaiters]) wake();
    this.epochWaiters.clear();
  }
}
