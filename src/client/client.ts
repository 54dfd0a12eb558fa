import type { Exchange, RecordedRequest, RecordedResponse } from '../contract/exchange';
import { authHeaders, type AuthMode, type Credentials } from './auth';
import { classifyNetworkError, FAULT_HINTS, InfrastructureError, RateLimitExhaustedError } from './errors';
import { InsecureTargetError, pinnedUrl, type ResolveAll } from './pinned-url';
import { Pacer, sleep } from './pacer';
import type { Pace } from './rate-budget';
import { HttpTransport } from './transport';

export interface PlannedRequest {
  readonly auth: AuthMode;
  /** Serialised with JSON.stringify and sent as application/json. */
  readonly json?: unknown;
  /** Sent byte for byte; `contentType: null` sends no Content-Type at all. */
  readonly raw?: { readonly body: string; readonly contentType: string | null };
  readonly method?: string;
  readonly path?: string;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly keys: { readonly full: Credentials; readonly restricted?: Credentials | undefined };
  readonly timeoutMs: number;
  readonly pacer: Pacer;
  readonly maxRetryAfterSeconds: number;
  readonly max429InARow: number;
  /** The most one request may wait on 429s in total; beyond it the test ends inconclusive. */
  readonly maxRateLimitWaitSeconds?: number;
  readonly userAgent: string;
  readonly maxResponseBytes?: number;
  /** For tests: how host names are resolved before plain http is allowed to them. */
  readonly resolve?: ResolveAll;
  /** For tests: how a 429's wait is waited, so a test reads the waits instead of timing them. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SendHooks {
  /** Called with every exchange, 429s included, before the client acts on it. */
  readonly onExchange?: (exchange: Exchange) => void;
  /** Called on each 429 before waiting: the place to check it against the spec. May throw to stop. */
  readonly onRateLimited?: (exchange: Exchange) => void;
}

export interface ClientStats {
  requests: number;
  rateLimited: number;
  waitedMs: number;
}

const DEFAULT_PATH = '/online_conferences';
const RETRY_AFTER_SECONDS = /^\d+$/;
/**
 * How long to wait after a 429 without Retry-After: RFC 6585 §4 makes the header optional (MAY) and the
 * spec does not require it, so the suite guesses, briefly; MEETBIT_MAX_429_IN_A_ROW bounds the guesses.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Seconds to wait: absent gives the default; delay-seconds or an HTTP-date (RFC 9110 §10.2.3, both valid
 * HTTP, though the spec's schema admits only the first, which its own check reports); undefined when unusable.
 */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined) return DEFAULT_RETRY_AFTER_SECONDS;
  const text = header.trim();
  if (RETRY_AFTER_SECONDS.test(text)) return Number(text);
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The one way the suite talks to a tenant, over Node's http and https (transport.ts): no header in any trace or call log. */
export class TenantClient {
  readonly stats: ClientStats = { requests: 0, rateLimited: 0, waitedMs: 0 };
  private origin: Promise<string> | undefined;
  private readonly transport = new HttpTransport();

  /** The pace this client follows and why (announced budget, setting or default). */
  get pace(): Pace | undefined {
    return this.options.pacer.pace;
  }

  /**
   * Responses are kept exactly as received: checks need the raw bytes, and a credential echoed in them
   * is removed where anything is written (src/safety/sanitize.ts), never here.
   */
  constructor(private readonly options: ClientOptions) {}

  /** Sends, honouring 429 + Retry-After within bounds; returns the first non-429 exchange. */
  async send(planned: PlannedRequest, hooks: SendHooks = {}): Promise<Exchange> {
    let waitedSeconds = 0;
    for (let inARow = 1; ; inARow++) {
      const exchange = await this.sendOnce(planned);
      hooks.onExchange?.(exchange);
      if (exchange.response.status !== 429) return exchange;
      this.stats.rateLimited++;
      hooks.onRateLimited?.(exchange);
      const retryAfter = exchange.response.headers['retry-after'];
      const seconds = retryAfterSeconds(retryAfter);
      if (seconds === undefined) {
        throw new RateLimitExhaustedError(
          `The tenant answered 429 with a Retry-After that is neither delay-seconds nor an HTTP-date ` +
            `(${retryAfter?.length ?? 0} characters, shown in the recorded 429); cannot tell how long to wait.`,
          retryAfter,
        );
      }
      if (seconds > this.options.maxRetryAfterSeconds) {
        throw new RateLimitExhaustedError(
          `The tenant asked to wait ${seconds}s (Retry-After), more than MEETBIT_MAX_RETRY_AFTER=${this.options.maxRetryAfterSeconds}s; ` +
            'the test stops here instead of hanging. Lower MEETBIT_MAX_RPS or raise the bound.',
        );
      }
      if (inARow >= this.options.max429InARow) {
        throw new RateLimitExhaustedError(
          `The tenant answered 429 ${inARow} times in a row for one request (MEETBIT_MAX_429_IN_A_ROW=${this.options.max429InARow}); ` +
            'lower MEETBIT_MAX_RPS or run when the key is not shared.',
        );
      }
      const budget = this.options.maxRateLimitWaitSeconds ?? Infinity;
      if (waitedSeconds + seconds > budget) {
        throw new RateLimitExhaustedError(
          `The tenant kept answering 429: waiting another ${seconds}s would take this request past ` +
            `MEETBIT_MAX_RATE_LIMIT_WAIT=${budget}s of waiting; the test stops here, inconclusive.`,
        );
      }
      waitedSeconds += seconds;
      // A 429 means the request was not processed, so sending it again cannot create twice.
      const waitMs = Math.max(seconds * 1000, 50);
      this.stats.waitedMs += waitMs;
      await (this.options.sleep ?? sleep)(waitMs);
    }
  }

  /**
   * Exactly one request, no retry of any kind. `paced: false` skips MEETBIT_MAX_RPS spacing: only for
   * the opt-in rate-limit burst, whose point is to exceed the tenant's limit.
   */
  async sendOnce(
    planned: PlannedRequest,
    { paced = true }: { readonly paced?: boolean } = {},
  ): Promise<Exchange> {
    const auth = authHeaders(planned.auth, this.options.keys);
    const url = `${this.options.baseUrl}${planned.path ?? DEFAULT_PATH}`;
    const method = planned.method ?? 'POST';
    const { body, contentType } = planned.raw
      ? { body: planned.raw.body, contentType: planned.raw.contentType }
      : planned.json !== undefined
        ? { body: JSON.stringify(planned.json), contentType: 'application/json' }
        : { body: undefined, contentType: null };
    const common: Record<string, string> = {
      accept: 'application/json, text/plain',
      'user-agent': this.options.userAgent,
    };
    if (contentType !== null) common['content-type'] = contentType;
    const request: RecordedRequest = {
      method,
      url,
      headers: { ...common, ...auth.recorded },
      ...(body !== undefined ? { body } : {}),
    };

    if (paced) await this.options.pacer.slot();
    this.stats.requests++;
    const started = performance.now();
    let response: RecordedResponse;
    try {
      // Plain http goes only to the loopback address the name was checked to resolve to.
      this.origin ??= pinnedUrl(this.options.baseUrl, this.options.resolve);
      const pinned = `${await this.origin}`.replace(/\/+$/, '') + (planned.path ?? DEFAULT_PATH);
      response = await this.transport.send(pinned, {
        method,
        headers: { ...common, ...auth.sent },
        body: body !== undefined ? Buffer.from(body, 'utf8') : undefined,
        timeoutMs: this.options.timeoutMs,
        maxResponseBytes: this.options.maxResponseBytes ?? 5 * 1024 * 1024,
      });
      this.options.pacer.observe(response.headers);
    } catch (error) {
      if (error instanceof InsecureTargetError) throw error;
      const fault = classifyNetworkError(error);
      throw new InfrastructureError(
        fault,
        `No response to ${method} ${url}: ${fault} (${FAULT_HINTS[fault]}).`,
      );
    }
    return { request, response, durationMs: Math.round(performance.now() - started) };
  }
}
