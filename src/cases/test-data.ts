/**
 * Values that mark what the suite creates as conformance test data of one run: titles carry a
 * visible label, public ids a recognisable prefix, the run id, the shard and a per-worker counter (fresh on
 * every run, so the suite can run against the same tenant any number of times).
 */
export const TEST_DATA_PREFIX = 'mbct';

export class TestData {
  private counter = 0;

  constructor(
    readonly runId: string,
    /** The Playwright worker, or `p` for the CLI's preflight. */
    private readonly worker: number | 'p',
    readonly accountId: number,
    /** The shard of a sharded run: each shard numbers its workers from 0, so the shard goes into the id. */
    private readonly shard?: number,
    /** MEETBIT_BACKER_EVENT_ID: an id that exists on the tenant. */
    private readonly backerEventId?: number,
  ) {}

  /** Valid values of optional fields the tenant owns: what a case changes when the minimal body lacks it. */
  knownValues(): Record<string, unknown> {
    return this.backerEventId === undefined ? {} : { backer_event_id: this.backerEventId };
  }

  publicId(): string {
    this.counter += 1;
    const worker = `${this.shard === undefined ? '' : `s${this.shard}`}w${this.worker}`;
    return `${TEST_DATA_PREFIX}-${this.runId}-${worker}-${String(this.counter).padStart(3, '0')}`;
  }

  titleLabel(): string {
    return `[conformance test ${this.runId}]`;
  }

  title(what: string): string {
    return `${this.titleLabel()} ${what}`;
  }

  /** Required writable fields only; private, so nothing shows up in a tenant's public listings. */
  minimalBody(what: string): Record<string, unknown> {
    return {
      online_conference_account_id: this.accountId,
      public_id: this.publicId(),
      title: this.title(what),
      is_public: false,
    };
  }
}
