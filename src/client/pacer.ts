/** Spaces requests at least `intervalMs` apart within one process. */
export class Pacer {
  private nextAt = 0;

  constructor(private readonly intervalMs: number) {}

  async slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
