import { deriveBoundaryCases } from '../../../src/cases/boundary';
import {
  jsonRequestSchema,
  loadSpec,
  operationContract,
  validateAgainst,
  type SchemaError,
} from '../../../src/contract';
import type { Handler, TenantResponse } from '../../../src/tenant/tenant';
import { jsonRequest, mapCreated, mapJsonBody, type TenantVariant } from '../variant';

/**
 * Variants that each break one requirement of the catalogue the others leave unshown, so that every
 * requirement is proven able to fail (selftest.test.ts checks it). The request side is generated: for every
 * constraint, a tenant that accepts exactly the bodies breaking it and nothing else.
 */
const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const cases = deriveBoundaryCases(operation);
const schema = jsonRequestSchema(operation).schema;

/** The request requirement an Ajv error of the request schema breaks: `request.<path>.<keyword>`. */
function requestRequirementOf(error: SchemaError): string {
  const tokens = error.instancePath.split('/').slice(1);
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') tokens.push(missing);
  const path = tokens.map((token) => (/^\d+$/.test(token) ? '[]' : `.${token}`)).join('');
  return path ? `request${path}.${error.keyword}` : `request.body.${error.keyword}`;
}

let created = 0;
/** A 200 as a tenant that stored the body as sent would answer it. */
function storedAsSent(body: Record<string, unknown>): TenantResponse {
  const now = new Date().toISOString();
  created += 1;
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: 'Created.',
      data: {
        id: 900_000 + created,
        online_conference_account_id: body.online_conference_account_id,
        backer_event_id: body.backer_event_id ?? null,
        public_id: body.public_id,
        title: body.title,
        is_public: body.is_public,
        is_occurred: false,
        started_at: null,
        ended_at: null,
        deleted_at: null,
        created_at: now,
        updated_at: now,
      },
    }),
  };
}

/** Accepts, with valid credentials, every body whose only defect is `requirement`; the rest as usual. */
const acceptsBreaking =
  (requirement: string) =>
  (handler: Handler): Handler =>
  (request) => {
    const body = jsonRequest(request);
    if (!body || !request.headers['x-access-key-secret']) return handler(request);
    const broken = new Set(validateAgainst(schema, body).map(requestRequirementOf));
    if (broken.size === 1 && broken.has(requirement)) {
      const answer = handler(request);
      // Only where the reference tenant refused it for that reason: credentials and the rest still apply.
      return answer.status === 400 ? storedAsSent(body) : answer;
    }
    return handler(request);
  };

const rejectedCases = new Map<string, string[]>();
for (const boundaryCase of cases)
  if (boundaryCase.expected.status === 400)
    rejectedCases.set(boundaryCase.requirement, [
      ...(rejectedCases.get(boundaryCase.requirement) ?? []),
      boundaryCase.id,
    ]);

const slug = (id: string) =>
  id
    .replace(/^request\./, '')
    .replaceAll('[]', '.items')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();

/** Rejects `null` for a nullable field, as a tenant whose column is NOT NULL would. */
const rejectsNull =
  (field: (body: Record<string, unknown>) => unknown, attribute: string) =>
  (handler: Handler): Handler =>
  (request) => {
    const body = jsonRequest(request);
    return body && field(body) === null
      ? {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Invalid.', errors: { [attribute]: ['The field is required.'] } }),
        }
      : handler(request);
  };

const firstAttendee = (body: Record<string, unknown>): Record<string, unknown> =>
  ((Array.isArray(body.online_conference_attendees) ? body.online_conference_attendees[0] : undefined) as
    Record<string, unknown> | undefined) ?? {};

/** A Laravel-style 400 naming `attribute`, for a body `refuses` picks out (with valid credentials). */
const refuses =
  (refuse: (body: Record<string, unknown>) => string | undefined) =>
  (handler: Handler): Handler =>
  (request) => {
    const body = jsonRequest(request);
    const attribute = body && request.headers['x-access-key-secret'] ? refuse(body) : undefined;
    return attribute
      ? {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Invalid.', errors: { [attribute]: ['The field is invalid.'] } }),
        }
      : handler(request);
  };

/** The Laravel-style path (`online_conference_attendees.0.name`) of the first string `test` picks out. */
function pathOf(value: unknown, test: (text: string) => boolean, at = ''): string | undefined {
  if (typeof value === 'string') return test(value) ? at : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = pathOf(child, test, at ? `${at}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const REQUIREMENT_VARIANTS: readonly TenantVariant[] = [
  // SHOULD variants only generated inputs reach: choices of real stacks the spec does not forbid outright.
  {
    name: 'empty-title-refused',
    description:
      'Refuses a title that is empty once trimmed (Laravel: TrimStrings, ConvertEmptyStringsToNull, required)',
    warns: ['convention.empty-string-kept'],
    scope: ['fuzz.accepts-generated'],
    wrap: refuses((body) =>
      typeof body.title === 'string' && body.title.trim() === '' ? 'title' : undefined,
    ),
  },
  {
    name: 'nul-character-refused',
    description: 'Refuses any string holding U+0000 (a PostgreSQL text column cannot store it)',
    warns: ['convention.nul-character-kept'],
    scope: ['fuzz.accepts-generated'],
    wrap: refuses((body) => pathOf(body, (text) => text.includes('\u0000'))),
  },
  {
    name: 'public-id-over-191-refused',
    description: "Refuses a public_id longer than 191 characters (Laravel's indexed string column)",
    warns: ['convention.long-unbounded-strings'],
    scope: ['fuzz.accepts-generated'],
    wrap: refuses((body) =>
      typeof body.public_id === 'string' && [...body.public_id].length > 191 ? 'public_id' : undefined,
    ),
  },
  ...[...rejectedCases].map(([requirement, ids]): TenantVariant => ({
    name: `accepts-${slug(requirement)}`,
    description: `Accepts a body whose only defect breaks ${requirement}`,
    catches: { cases: ids },
    shows: [requirement],
    scope: ids,
    wrap: acceptsBreaking(requirement),
  })),
  {
    name: 'backer-event-id-not-null',
    description: 'Refuses backer_event_id: null (a NOT NULL column), although the spec makes it nullable',
    catches: { cases: ['backer_event_id.nullable.null'] },
    shows: ['request.backer_event_id.nullable'],
    scope: ['backer_event_id.nullable.null'],
    wrap: rejectsNull(
      (body) => (Object.hasOwn(body, 'backer_event_id') ? body.backer_event_id : undefined),
      'backer_event_id',
    ),
  },
  {
    name: 'attendee-name-not-null',
    description: 'Refuses an attendee name of null, although the spec makes it nullable',
    catches: { cases: ['online_conference_attendees.items.name.nullable.null'] },
    shows: ['request.online_conference_attendees[].name.nullable'],
    scope: ['online_conference_attendees.items.name.nullable.null'],
    wrap: rejectsNull(
      (body) => (Object.hasOwn(firstAttendee(body), 'name') ? firstAttendee(body).name : undefined),
      'online_conference_attendees.0.name',
    ),
  },
  {
    name: 'account-id-off-by-one',
    description: 'Stores the conference in the next account (online_conference_account_id + 1)',
    catches: { checks: ['echo_conformance'] },
    shows: ['echo.online_conference_account_id'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({
      ...data,
      online_conference_account_id: Number(data.online_conference_account_id) + 1,
    })),
  },
  {
    name: 'public-id-upper-cased',
    description: 'Upper-cases public_id before storing it',
    catches: { checks: ['echo_conformance'] },
    shows: ['echo.public_id'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({ ...data, public_id: String(data.public_id).toUpperCase() })),
  },
  {
    name: 'is-public-inverted',
    description: 'Stores is_public inverted',
    catches: { checks: ['echo_conformance'] },
    shows: ['echo.is_public'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({ ...data, is_public: !data.is_public })),
  },
  {
    name: 'created-body-is-a-list',
    description: 'Answers a create with a JSON list holding the conference',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body'],
    scope: ['create.minimal'],
    wrap: mapJsonBody(200, (body) => [body]),
  },
  {
    name: 'validation-body-is-a-list',
    description: 'Answers a 400 with a JSON list of messages',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.400.body'],
    scope: ['title.maxLength.over'],
    wrap: mapJsonBody(400, (body) => Object.values((body.errors ?? {}) as Record<string, string[]>).flat()),
  },
  {
    name: 'error-messages-as-objects',
    description: 'Each error message is an object {message} instead of a string',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.400.body.errors.*[]'],
    scope: ['title.maxLength.over'],
    wrap: mapJsonBody(400, (body) => ({
      ...body,
      errors: Object.fromEntries(
        Object.entries((body.errors ?? {}) as Record<string, string[]>).map(([key, messages]) => [
          key,
          messages.map((message) => ({ message })),
        ]),
      ),
    })),
  },
  {
    name: 'is-occurred-as-text',
    description: 'is_occurred as the text "no"',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body.data.is_occurred'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({ ...data, is_occurred: 'no' })),
  },
  {
    name: 'started-at-empty',
    description: 'started_at as an empty string for a conference not started',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body.data.started_at'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({ ...data, started_at: '' })),
  },
  {
    name: 'ended-at-zero',
    description: 'ended_at as 0 for a conference not ended',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body.data.ended_at'],
    scope: ['create.minimal'],
    wrap: mapCreated((data) => ({ ...data, ended_at: 0 })),
  },
];
