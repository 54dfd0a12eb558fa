import { API_BASE_PATH, REFERENCE_ACCOUNT_IDS, REFERENCE_BACKER_EVENT_IDS, REFERENCE_KEYS } from './defaults';
import { TokenBuckets, type RateLimit } from './rate-limit';
import { codePoints, isEmailAddress, validateCreate, type Errors, type ValidationRules } from './validation';

export interface TenantRequest {
  readonly method: string;
  /** Path and query, e.g. /api/public/v2.0/online_conferences */
  readonly url: string;
  /** Lower-case names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly bodyTooLarge: boolean;
  readonly remoteAddress: string;
}

export interface TenantResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Handler = (request: TenantRequest) => TenantResponse;

export interface AccessKey {
  readonly id: string;
  readonly secret: string;
  readonly permissions: readonly string[];
}

export interface Conference {
  readonly id: number;
  readonly online_conference_account_id: number;
  readonly backer_event_id: number | null;
  readonly public_id: string;
  readonly title: string;
  readonly is_public: boolean;
  readonly is_occurred: boolean;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly deleted_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface TenantOptions {
  readonly keys: readonly AccessKey[];
  readonly accountIds: readonly number[];
  readonly backerEventIds: readonly number[];
  readonly rateLimit: RateLimit | null;
  readonly rules: Partial<
    Pick<
      ValidationRules,
      | 'titleMaxLength'
      | 'attendeesMax'
      | 'nameMaxLength'
      | 'emailMaxLength'
      | 'publicIdPattern'
      | 'measure'
      | 'isEmail'
      | 'unvalidated'
    >
  >;
  readonly maxBodyBytes: number;
  readonly now: () => Date;
  /** At most this many conferences are kept; the oldest are forgotten first. */
  readonly maxStored: number;
}

export const DEFAULT_TENANT_OPTIONS: TenantOptions = {
  keys: [REFERENCE_KEYS.full, REFERENCE_KEYS.restricted],
  accountIds: REFERENCE_ACCOUNT_IDS,
  backerEventIds: REFERENCE_BACKER_EVENT_IDS,
  // Capacity above all the full-key requests of a normal run (about 110 boundary cases and the fuzz phase's
  // default 200), so it is never throttled however fast it runs; the slow refill makes the burst reach 429
  // after about capacity requests whatever its speed, within the bundled default MEETBIT_RATE_LIMIT_BURST_MAX (1000).
  rateLimit: { capacity: 400, refillPerSecond: 20 },
  rules: {},
  maxBodyBytes: 1024 * 1024,
  now: () => new Date(),
  maxStored: 100_000,
};

/**
 * The bucket of an instance that only the rate-limit burst talks to (the bundled tenant's, each self-test
 * variant's): nothing else sends to it, so it need not hold a whole run's requests, and the burst meets its 429
 * after about 40 requests instead of 400. The 429 it checks is the same answer from the same code.
 */
export const BURST_INSTANCE_LIMIT: RateLimit = { capacity: 40, refillPerSecond: 20 };

const CREATE_PERMISSION = /^online_conferences\.create\.(\*|[a-z_]+)$/;
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };

export interface ReferenceTenant {
  readonly handle: Handler;
  readonly conferences: ReadonlyMap<number, Conference>;
}

/** The operation POST /online_conferences, with auth, rate limiting and validation, in memory. */
export function createReferenceTenant(overrides: Partial<TenantOptions> = {}): ReferenceTenant {
  const options: TenantOptions = { ...DEFAULT_TENANT_OPTIONS, ...overrides };
  const conferences = new Map<number, Conference>();
  const publicIds = new Set<string>();
  const buckets = options.rateLimit
    ? new TokenBuckets(options.rateLimit, () => options.now().getTime())
    : undefined;
  const accounts = new Set(options.accountIds);
  const backerEvents = new Set(options.backerEventIds);
  const rules: ValidationRules = {
    titleMaxLength: 255,
    attendeesMax: 5,
    nameMaxLength: 255,
    emailMaxLength: 255,
    publicIdPattern: /^[a-zA-Z0-9_-]+$/,
    measure: codePoints,
    accountExists: (id) => accounts.has(id),
    backerEventExists: (id) => backerEvents.has(id),
    publicIdTaken: (publicId) => publicIds.has(publicId),
    isEmail: isEmailAddress,
    unvalidated: [],
    ...options.rules,
  };
  let nextId = 1;
  const order: number[] = [];
  let head = 0;

  const create = (body: Record<string, unknown>): Conference => {
    const stamp = laravelTimestamp(options.now());
    const conference: Conference = {
      id: nextId++,
      online_conference_account_id: body.online_conference_account_id as number,
      backer_event_id: (body.backer_event_id as number | null | undefined) ?? null,
      public_id: body.public_id as string,
      title: body.title as string,
      is_public: body.is_public as boolean,
      is_occurred: false,
      started_at: null,
      ended_at: null,
      deleted_at: null,
      created_at: stamp,
      updated_at: stamp,
    };
    conferences.set(conference.id, conference);
    publicIds.add(conference.public_id);
    order.push(conference.id);
    if (conferences.size > options.maxStored) {
      // A FIFO of ids: taking the first entry of a Map that keeps losing its head gets slower and
      // slower (the iterator skips every deleted slot), which a long sandbox load test showed.
      const oldest = conferences.get(order[head++]!)!;
      conferences.delete(oldest.id);
      publicIds.delete(oldest.public_id);
      if (head > 50_000) {
        order.splice(0, head);
        head = 0;
      }
    }
    return conference;
  };

  const handle: Handler = (request) => {
    const path = request.url.split('?')[0]!;
    if (path !== `${API_BASE_PATH}/online_conferences`) return text(404, 'Not found.');
    if (request.method !== 'POST')
      return { ...text(405, 'Method not allowed.'), headers: { ...TEXT, allow: 'POST' } };

    const key = authenticate(options.keys, request.headers);
    const wait = buckets?.take(key ? `key:${key.id}` : `ip:${request.remoteAddress}`) ?? 0;
    if (wait > 0)
      return { status: 429, headers: { ...TEXT, 'retry-after': String(wait) }, body: 'Too many requests.' };
    if (!key) return text(401, 'Invalid or missing access key.');
    if (!key.permissions.some((permission) => CREATE_PERMISSION.test(permission)))
      return text(401, 'Access denied.');

    const parsed = parseBody(request, options.maxBodyBytes);
    if ('errors' in parsed) return invalid(parsed.errors);
    const errors = validateCreate(parsed.body, rules);
    if (Object.keys(errors).length > 0) return invalid(errors);
    return {
      status: 200,
      headers: JSON_TYPE,
      body: JSON.stringify({ message: 'Online conference created.', data: create(parsed.body) }),
    };
  };

  return {
    handle: (request) => {
      try {
        return handle(request);
      } catch {
        return text(500, 'An unexpected error occurred.');
      }
    },
    conferences,
  };
}

function authenticate(keys: readonly AccessKey[], headers: TenantRequest['headers']): AccessKey | undefined {
  const id = headers['x-access-key-id'];
  const secret = headers['x-access-key-secret'];
  if (!id || !secret) return undefined;
  const key = keys.find((candidate) => candidate.id === id);
  return key && constantTimeEqual(key.secret, secret) ? key : undefined;
}

function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

function parseBody(
  request: TenantRequest,
  maxBytes: number,
): { body: Record<string, unknown> } | { errors: Errors } {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[^/]+\+json$/.test(mediaType)) {
    return { errors: { body: ['The request body must be sent as application/json.'] } };
  }
  if (request.bodyTooLarge)
    return { errors: { body: [`The request body must not be larger than ${maxBytes} bytes.`] } };
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { errors: { body: ['The request body is not valid JSON.'] } };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { errors: { body: ['The request body must be a JSON object.'] } };
  }
  return { body: body as Record<string, unknown> };
}

function invalid(errors: Errors): TenantResponse {
  const messages = Object.values(errors).flat();
  const more = messages.length - 1;
  const message = `${messages[0]}${more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'})` : ''}`;
  return { status: 400, headers: JSON_TYPE, body: JSON.stringify({ message, errors }) };
}

function text(status: number, body: string): TenantResponse {
  return { status, headers: TEXT, body };
}

/** Laravel's default serialisation: microseconds and "Z", e.g. 2026-11-24T09:30:00.123000Z */
export function laravelTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
