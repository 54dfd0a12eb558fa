import { deriveBoundaryCases } from '../../../src/cases/boundary';
import { loadSpec, operationContract } from '../../../src/contract';
import type { Handler, TenantResponse } from '../../../src/tenant/tenant';
import { isEmailAddress } from '../../../src/tenant/validation';
import { compose, jsonRequest, mapBody, mapRequest, renameErrorKeys, type TenantVariant } from '../variant';

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const cases = deriveBoundaryCases(operation);

/** Every rejected case about `field` or below it: what a tenant that does not validate the field lets through. */
const rejectedUnder = (idPrefix: string): string[] =>
  cases.filter((c) => c.expected.status === 400 && c.id.startsWith(`${idPrefix}.`)).map((c) => c.id);

/** A Laravel-style 400 for one attribute, as a tenant's own extra rule would answer. */
const invalid = (attribute: string, message: string): TenantResponse => ({
  status: 400,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message, errors: { [attribute]: [message] } }),
});

/** Answers `reject(body)` when it names an attribute, before the reference validation runs. */
const extraRule =
  (reject: (body: Record<string, unknown>) => string | undefined, message: string) =>
  (handler: Handler): Handler =>
  (request) => {
    const body = jsonRequest(request);
    const attribute = body && request.headers['x-access-key-secret'] ? reject(body) : undefined;
    return attribute ? invalid(attribute, message) : handler(request);
  };

const attendeesOf = (body: Record<string, unknown>): unknown[] =>
  Array.isArray(body.online_conference_attendees) ? body.online_conference_attendees : [];

/** Faults in request validation: limits, counting, patterns, formats, types, presence, error keys. */
export const VALIDATION_VARIANTS: readonly TenantVariant[] = [
  // Limits and how length is counted.
  {
    name: 'title-max-256',
    description: 'Title limit off by one: accepts 256 characters',
    catches: { cases: ['title.maxLength.over'] },
    // The boundary case, the variation-selector case, the fuzz phase and the echoed 256-character title:
    // one root cause, one problem.
    problems: ['request.title.maxLength'],
    options: { rules: { titleMaxLength: 256 } },
  },
  {
    name: 'title-length-ignores-variation-selectors',
    description:
      "Counts length as validator.js' isLength does (class-validator, NestJS): U+FE0F and U+FE0E not counted",
    catches: { cases: ['title.maxLength.over-ignorable'] },
    options: { rules: { measure: (value) => [...value.replace(/[\ufe0e\ufe0f]/gu, '')].length } },
  },
  {
    name: 'title-max-254',
    description: 'Title limit too strict: rejects 255 characters',
    catches: { cases: ['title.maxLength.exact'] },
    options: { rules: { titleMaxLength: 254 } },
  },
  {
    name: 'length-in-bytes',
    description: 'Counts string length in UTF-8 bytes (PHP strlen) instead of code points',
    catches: { cases: ['title.maxLength.exact', 'online_conference_attendees.items.name.maxLength.exact'] },
    options: { rules: { measure: (value) => Buffer.byteLength(value) } },
  },
  {
    name: 'length-in-utf16-units',
    description: 'Counts string length in UTF-16 units (JavaScript .length): an emoji counts twice',
    catches: { cases: ['title.maxLength.exact', 'online_conference_attendees.items.name.maxLength.exact'] },
    options: { rules: { measure: (value) => value.length } },
  },
  {
    name: 'attendees-max-6',
    description: 'Attendee limit off by one: accepts 6 attendees',
    catches: { cases: ['online_conference_attendees.maxItems.over'] },
    // The boundary case and the fuzz phase see the same defect: one problem.
    problems: ['request.online_conference_attendees.maxItems'],
    options: { rules: { attendeesMax: 6 } },
  },
  {
    name: 'attendees-max-4',
    description: 'Attendee limit too strict: rejects 5 attendees',
    catches: { cases: ['online_conference_attendees.maxItems.exact'] },
    options: { rules: { attendeesMax: 4 } },
  },
  {
    name: 'attendee-name-length-unchecked',
    description: 'No length limit on attendee names',
    catches: { cases: ['online_conference_attendees.items.name.maxLength.over'] },
    options: { rules: { nameMaxLength: Number.POSITIVE_INFINITY } },
  },
  {
    name: 'attendee-email-length-unchecked',
    description: 'No length limit on attendee emails (a well-formed 256-character address passes)',
    catches: { cases: ['online_conference_attendees.items.email.maxLength.over'] },
    options: { rules: { emailMaxLength: Number.POSITIVE_INFINITY } },
  },
  {
    name: 'attendee-email-max-253',
    description: 'Email limit below RFC 5321: rejects a valid 254-character address',
    catches: { cases: ['online_conference_attendees.items.email.maxLength.rfc5321'] },
    options: { rules: { emailMaxLength: 253 } },
  },

  // Patterns and formats.
  {
    name: 'public-id-pattern-unchecked',
    description: 'public_id pattern not enforced: any non-empty string is accepted',
    catches: {
      cases: [
        'public_id.pattern.space',
        'public_id.pattern.punctuation',
        'public_id.pattern.non-ascii-letter',
        'public_id.pattern.non-ascii-digit',
      ],
    },
    options: { rules: { publicIdPattern: /^.+$/su } },
  },
  {
    name: 'public-id-dollar-before-newline',
    description:
      'public_id matched with a `$` that matches before a final newline (PCRE, Python re, Ruby): "abc\\n" accepted and stored',
    catches: { cases: ['public_id.pattern.trailing-newline'] },
    options: { rules: { publicIdPattern: /^[a-zA-Z0-9-_]+\n?$/ } },
  },
  {
    name: 'public-id-alpha-dash',
    description: "public_id checked with Laravel's alpha_dash, which admits any Unicode letter or digit",
    catches: { cases: ['public_id.pattern.non-ascii-letter', 'public_id.pattern.non-ascii-digit'] },
    options: { rules: { publicIdPattern: /^[\p{L}\p{M}\p{N}_-]+$/u } },
  },
  {
    name: 'public-id-without-underscore',
    description: 'public_id pattern too narrow: rejects "_"',
    catches: { cases: ['public_id.pattern.classes'] },
    options: { rules: { publicIdPattern: /^[a-zA-Z0-9-]+$/ } },
  },
  {
    name: 'attendee-email-format-unchecked',
    description: 'Attendee emails are not checked for the email format',
    catches: { cases: rejectedUnder('online_conference_attendees.items.email.format') },
    options: { rules: { isEmail: () => true } },
  },

  // Presence and null.
  {
    name: 'is-public-defaults-false',
    description: 'A required field made optional: a missing is_public defaults to false',
    catches: { cases: ['is_public.required.missing'] },
    wrap: mapBody((body) => ({ is_public: false, ...body })),
  },
  {
    name: 'attendees-required',
    description: 'An optional field made required: online_conference_attendees must be sent',
    catches: { cases: ['online_conference_attendees.optional.omitted', 'body.minimal', 'create.minimal'] },
    wrap: extraRule(
      (body) =>
        Object.hasOwn(body, 'online_conference_attendees') ? undefined : 'online_conference_attendees',
      'The online conference attendees field is required.',
    ),
  },
  {
    name: 'backer-event-id-present',
    description: 'backer_event_id must be present (Laravel `present`), though the spec makes it optional',
    catches: { cases: ['backer_event_id.optional.omitted', 'body.minimal'] },
    wrap: extraRule(
      (body) => (Object.hasOwn(body, 'backer_event_id') ? undefined : 'backer_event_id'),
      'The backer event id field must be present.',
    ),
  },
  {
    name: 'attendee-name-required',
    description: 'Every attendee must have a name, though the spec makes it optional',
    catches: { cases: ['online_conference_attendees.items.name.optional.omitted'] },
    wrap: extraRule((body) => {
      const index = attendeesOf(body).findIndex(
        (attendee) => attendee !== null && typeof attendee === 'object' && !Object.hasOwn(attendee, 'name'),
      );
      return index >= 0 ? `online_conference_attendees.${index}.name` : undefined;
    }, 'The name field is required.'),
  },
  {
    name: 'backer-event-id-null-rejected',
    description: 'Rejects backer_event_id: null, though it is nullable',
    catches: { cases: ['backer_event_id.nullable.null'] },
    wrap: extraRule(
      (body) => (body.backer_event_id === null ? 'backer_event_id' : undefined),
      'The backer event id field must be an integer.',
    ),
  },
  {
    name: 'attendee-name-null-rejected',
    description: 'Rejects an attendee name of null, though it is nullable',
    catches: { cases: ['online_conference_attendees.items.name.nullable.null'] },
    wrap: extraRule((body) => {
      const index = attendeesOf(body).findIndex(
        (attendee) => (attendee as Record<string, unknown> | null)?.name === null,
      );
      return index >= 0 ? `online_conference_attendees.${index}.name` : undefined;
    }, 'The name field must be a string.'),
  },

  // Types coerced instead of rejected.
  {
    name: 'is-public-coerced',
    description:
      'is_public cast like Laravel `boolean` input: 1, 0, "1", "0", "true", "false" become booleans',
    catches: { cases: ['is_public.type.string', 'is_public.type.number'] },
    wrap: mapBody((body) =>
      [1, '1', 'true', 0, '0', 'false'].includes(body.is_public as never)
        ? { ...body, is_public: [1, '1', 'true'].includes(body.is_public as never) }
        : body,
    ),
  },
  {
    name: 'account-id-numeric-string',
    description: 'Accepts a numeric string ("1001") for online_conference_account_id and casts it',
    catches: { cases: ['online_conference_account_id.type.string'] },
    wrap: mapBody((body) =>
      typeof body.online_conference_account_id === 'string' && /^\d+$/.test(body.online_conference_account_id)
        ? { ...body, online_conference_account_id: Number(body.online_conference_account_id) }
        : body,
    ),
  },

  {
    name: 'backer-event-id-numeric-string',
    description:
      'Casts a numeric string backer_event_id ("501") to a number, then checks the event exists: only a real id shows it',
    catches: { cases: ['backer_event_id.type.string'] },
    wrap: mapBody((body) =>
      typeof body.backer_event_id === 'string' && /^\d+$/.test(body.backer_event_id)
        ? { ...body, backer_event_id: Number(body.backer_event_id) }
        : body,
    ),
  },
  {
    name: 'public-id-number-stored-last-night',
    description:
      'Casts a number public_id to a string and stored "1" on an earlier night: a fixed wrong-type value would now be "already taken"',
    catches: { cases: ['public_id.type.number'] },
    wrap: compose(
      mapBody((body) =>
        typeof body.public_id === 'number' ? { ...body, public_id: String(body.public_id) } : body,
      ),
      extraRule(
        (body) => (body.public_id === '1' ? 'public_id' : undefined),
        'The public id has already been taken.',
      ),
    ),
  },

  // A field missing from the rules altogether: everything about it gets through.
  ...[
    'online_conference_account_id',
    'backer_event_id',
    'public_id',
    'title',
    'is_public',
    'online_conference_attendees',
  ].map((field): TenantVariant => ({
    name: `${field.replace(/_/g, '-')}-not-validated`,
    description: `${field} has no validation rules: any value, or none, is stored`,
    catches: { cases: rejectedUnder(field) },
    options: { rules: { unvalidated: [field] } },
  })),
  {
    name: 'attendee-items-not-validated',
    description: 'Attendee items are not validated: only the list itself is (an array of at most 5)',
    catches: { cases: rejectedUnder('online_conference_attendees.items') },
    options: { rules: { unvalidated: ['online_conference_attendees.*'] } },
  },
  {
    name: 'attendee-email-not-validated',
    description: 'Attendee emails have no rules: missing, mistyped or malformed emails are stored',
    catches: { cases: rejectedUnder('online_conference_attendees.items.email') },
    options: { rules: { unvalidated: ['online_conference_attendees.*.email'] } },
  },
  {
    name: 'attendee-name-not-validated',
    description: 'Attendee names have no rules: any type or length is stored',
    catches: { cases: rejectedUnder('online_conference_attendees.items.name') },
    options: { rules: { unvalidated: ['online_conference_attendees.*.name'] } },
  },

  {
    name: 'email-misplaced-dot-accepted',
    description:
      "Accepts an e-mail with a doubled dot in its local part, as ajv-formats' default (fast) format does",
    warns: ['convention.email-dot-atom'],
    scope: ['online_conference_attendees.items.email.format.invalid.misplaced-dot'],
    options: { rules: { isEmail: (value) => isEmailAddress(value.replace(/\.{2,}/g, '.')) } },
  },

  // The 400 does not name the field: a warning, since ValidationError defines no key syntax.
  {
    name: 'errors-keyed-in-camel-case',
    description: 'Error keys in camelCase (publicId, onlineConferenceAccountId): no key names the field',
    warns: ['convention.error-names-field'],
    wrap: renameErrorKeys((key) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())),
  },

  // Bodies that are not a JSON object, or not JSON by their media type.
  {
    name: 'non-json-media-type-crashes',
    description: 'A body sent as text/plain or without Content-Type ends in a 500 instead of 400 or 415',
    catches: { cases: ['body.content-type.text-plain', 'body.content-type.missing'] },
    wrap: (handler) => (request) =>
      !(request.headers['content-type'] ?? '').startsWith('application/json') &&
      request.headers['x-access-key-secret']
        ? serverError()
        : handler(request),
  },
  {
    name: 'unsupported-media-type-for-json',
    description:
      'Answers 415 to an application/json body that sends attendees: 415 is allowed only outside the contract',
    catches: { checks: ['status_code_conformance'] },
    wrap: (handler) => (request) =>
      request.body.includes('online_conference_attendees') && request.headers['x-access-key-secret']
        ? { status: 415, headers: { 'content-type': 'text/plain' }, body: 'Unsupported Media Type' }
        : handler(request),
  },
  {
    name: 'array-body-unwrapped',
    description: 'A JSON array body is taken as its first element',
    catches: { cases: ['body.not-object.array'] },
    wrap: mapRequest((request) => {
      const parsed = parse(request.body);
      return Array.isArray(parsed) ? { ...request, body: JSON.stringify(parsed[0]) } : request;
    }),
  },
  {
    name: 'string-body-decoded-twice',
    description: 'A JSON string body is decoded again, so a double-encoded object is accepted',
    catches: { cases: ['body.not-object.string'] },
    wrap: mapRequest((request) => {
      const parsed = parse(request.body);
      return typeof parsed === 'string' ? { ...request, body: parsed } : request;
    }),
  },
  {
    name: 'malformed-json-crashes',
    description: 'Malformed JSON ends in a 500 instead of the documented 400',
    catches: { cases: ['body.malformed-json'] },
    wrap: (handler) => (request) =>
      request.body !== '' && parse(request.body) === undefined && request.headers['x-access-key-secret']
        ? serverError()
        : handler(request),
  },
  {
    name: 'empty-body-crashes',
    description: 'An empty body ends in a 500 instead of a 400',
    catches: { cases: ['body.empty'] },
    wrap: (handler) => (request) =>
      request.body === '' && request.method === 'POST' && request.headers['x-access-key-secret']
        ? serverError()
        : handler(request),
  },
];

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function serverError(): TenantResponse {
  return {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: 'An unexpected error occurred.',
  };
}
