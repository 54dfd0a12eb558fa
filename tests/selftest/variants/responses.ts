import type { Handler } from '../../../src/tenant/tenant';
import {
  compose,
  jsonRequest,
  mapBody,
  mapCreated,
  mapJsonBody,
  mapResponse,
  type TenantVariant,
} from '../variant';

/** A 500 for every authenticated request that sends attendees; everything else is answered as usual. */
const crashOnAttendees =
  (headers: Record<string, string>, body: string) =>
  (handler: Handler): Handler =>
  (request) =>
    request.body.includes('online_conference_attendees') && request.headers['x-access-key-secret']
      ? { status: 500, headers, body }
      : handler(request);

/** Implausible server-owned fields are a warning: the spec states no rule for them. */
const PLAUSIBILITY = ['convention.server-fields-plausible'];
const CREATES = ['create.minimal', 'create.full'];

/** Faults in what the tenant answers: status, shape, types, formats, media types, meaning. */
export const RESPONSE_VARIANTS: readonly TenantVariant[] = [
  {
    name: 'status-422-for-validation',
    description: 'Answers validation errors with 422 (FastAPI, Rails default) instead of the documented 400',
    catches: { checks: ['status_code_conformance'] },
    // One problem: every rejection still rejects, so no request requirement fails with it.
    problems: ['status.documented'],
    wrap: mapResponse((response) => (response.status === 400 ? { ...response, status: 422 } : response)),
  },
  {
    name: 'status-422-and-coerces-is-public',
    description:
      'Answers 422 for validation errors, and also takes is_public "true" for true (a second defect)',
    catches: { checks: ['status_code_conformance'] },
    // The second defect stays its own problem, whatever the first one is.
    problems: ['request.is_public.type', 'status.documented'],
    wrap: compose(
      mapResponse((response) => (response.status === 400 ? { ...response, status: 422 } : response)),
      mapBody((body) =>
        body.is_public === 'true' || body.is_public === 'false'
          ? { ...body, is_public: body.is_public === 'true' }
          : body,
      ),
    ),
  },
  {
    name: 'status-201-for-create',
    description: 'Answers a create with 201 (NestJS @Post default) instead of the documented 200',
    catches: { checks: ['status_code_conformance'] },
    // The re-send with the real key gets 201 too: nothing was created without credentials, so no security.*.
    problems: ['status.documented'],
    showsNot: ['security.creates-nothing', 'security.unauthenticated', 'request.accepts-valid'],
    wrap: mapResponse((response) => (response.status === 200 ? { ...response, status: 201 } : response)),
  },
  {
    name: 'errors-missing',
    description: 'A 400 carries only a message, no `errors` object',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapJsonBody(400, (body) => ({ message: body.message })),
  },
  {
    name: 'errors-not-arrays',
    description: 'A 400 gives each field one message string instead of an array of strings',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapJsonBody(400, (body) => ({
      ...body,
      errors: Object.fromEntries(
        Object.entries(body.errors as Record<string, string[]>).map(([k, v]) => [k, v[0]]),
      ),
    })),
  },
  {
    name: 'message-missing-on-400',
    description: 'A 400 has `errors` but no `message`',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapJsonBody(400, (body) => ({ errors: body.errors })),
  },
  {
    name: 'message-missing-on-200',
    description: 'A create answers `{data}` without the documented `message`',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapJsonBody(200, (body) => ({ data: body.data })),
  },
  {
    name: 'data-missing-on-200',
    description: 'A create answers `{message}` only, leaving the created conference out',
    catches: { checks: ['response_schema_conformance'] },
    shows: ['response.200.body.data'],
    wrap: mapJsonBody(200, (body) => ({ message: body.message })),
  },
  {
    name: 'bare-resource-on-200',
    description: 'A create answers the conference itself, not wrapped in `{message, data}`',
    catches: { checks: ['response_schema_conformance'] },
    // Both wrapper properties missing is one root cause: the body's own requirement, not one per property.
    shows: ['response.200.body'],
    wrap: mapJsonBody(200, (body) => body.data),
  },
  {
    name: 'deleted-at-omitted',
    description: 'The required `deleted_at` is left out instead of being null',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapCreated(({ deleted_at: _omitted, ...data }) => data),
  },
  {
    name: 'id-as-string',
    description: '`id` is sent as a string ("42"), not an integer',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapCreated((data) => ({ ...data, id: String(data.id) })),
  },
  {
    name: 'account-id-as-string',
    description: '`online_conference_account_id` comes back as a string',
    catches: { checks: ['response_schema_conformance', 'echo_conformance'] },
    wrap: mapCreated((data) => ({
      ...data,
      online_conference_account_id: String(data.online_conference_account_id),
    })),
  },
  {
    name: 'date-time-without-zone',
    description: 'Timestamps in MySQL style without a zone: 2026-11-24 09:30:00',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapCreated((data) => ({
      ...data,
      created_at: String(data.created_at).replace('T', ' ').slice(0, 19),
      updated_at: String(data.updated_at).replace('T', ' ').slice(0, 19),
    })),
  },
  {
    name: 'date-time-as-epoch',
    description: 'Timestamps as Unix epoch seconds (numbers)',
    catches: { checks: ['response_schema_conformance'] },
    wrap: mapCreated((data) => ({
      ...data,
      created_at: Math.floor(Date.parse(String(data.created_at)) / 1000),
    })),
  },
  {
    name: 'create-as-html',
    description: 'A create is answered with Content-Type text/html',
    catches: { checks: ['content_type_conformance'] },
    wrap: mapResponse((response) =>
      response.status === 200
        ? { ...response, headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' } }
        : response,
    ),
  },
  {
    name: 'validation-without-content-type',
    description: 'A 400 comes without any Content-Type header',
    catches: { checks: ['content_type_conformance'] },
    wrap: mapResponse((response) => {
      if (response.status !== 400) return response;
      const { 'content-type': _dropped, ...headers } = response.headers;
      return { ...response, headers };
    }),
  },
  {
    name: 'backer-event-dropped',
    description: 'Stores every conference without its backer event (backer_event_id always null)',
    catches: { checks: ['echo_conformance'] },
    wrap: mapCreated((data) => ({ ...data, backer_event_id: null })),
  },
  {
    name: 'title-trimmed',
    description: 'Silently cuts titles to 250 characters',
    catches: { cases: ['title.maxLength.exact'], checks: ['echo_conformance'] },
    wrap: mapCreated((data) => ({ ...data, title: [...String(data.title)].slice(0, 250).join('') })),
  },
  {
    name: 'created-at-epoch-zero',
    description: 'created_at is 1970-01-01T00:00:00Z (an unset timestamp)',
    warns: PLAUSIBILITY,
    scope: CREATES,
    wrap: mapCreated((data) => ({ ...data, created_at: '1970-01-01T00:00:00.000000Z' })),
  },
  {
    name: 'updated-before-created',
    description: 'updated_at lies an hour before created_at',
    warns: PLAUSIBILITY,
    scope: CREATES,
    wrap: mapCreated((data) => ({
      ...data,
      updated_at: new Date(Date.parse(String(data.created_at)) - 3600_000).toISOString(),
    })),
  },
  {
    name: 'deleted-at-set',
    description: 'A new conference comes back soft-deleted (deleted_at set)',
    warns: PLAUSIBILITY,
    scope: CREATES,
    wrap: mapCreated((data) => ({ ...data, deleted_at: data.created_at })),
  },
  {
    name: 'id-zero',
    description: 'Every conference gets id 0',
    warns: PLAUSIBILITY,
    scope: CREATES,
    wrap: mapCreated((data) => ({ ...data, id: 0 })),
  },
  {
    name: 'server-error-with-attendees',
    description: 'Crashes with a documented 500 whenever attendees are sent',
    catches: { cases: ['create.full'], checks: ['expected_outcome'] },
    wrap: crashOnAttendees({ 'content-type': 'text/plain' }, 'An unexpected error occurred.'),
  },
  {
    name: 'server-error-as-json',
    description: 'Its 500s are JSON ({"error": ...}) where the spec documents text/plain',
    catches: { checks: ['content_type_conformance'] },
    wrap: crashOnAttendees({ 'content-type': 'application/json' }, '{"error":"Server Error"}'),
  },
  {
    name: 'backer-event-required',
    description: 'Treats the optional backer_event_id as required (a minimal create is rejected)',
    catches: { cases: ['create.minimal'] },
    wrap: (handler) => (request) => {
      const body = jsonRequest(request);
      return body && request.headers['x-access-key-secret'] && !Object.hasOwn(body, 'backer_event_id')
        ? {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              message: 'The backer event id field is required.',
              errors: { backer_event_id: ['The backer event id field is required.'] },
            }),
          }
        : handler(request);
    },
  },
];
