import type { JsonSchema } from './derive';
import { mediaTypeOf, type Exchange, type RecordedRequest, type RecordedResponse } from './exchange';
import { show, showKeys, type ContractFailure } from './failure';
import {
  documentedStatuses,
  isJsonMediaType,
  responseFor,
  type HeaderContract,
  type MediaTypeContract,
  type OperationContract,
  type ResponseContract,
} from './operation';
import { schemaPathOf, schemaRequirementId } from './catalogue';
import { pointerOf, primaryType } from './shape';
import { validateAgainst, type SchemaError } from './validators';

/**
 * Every contract check over one exchange. A request outside the documented media types (the suite sends
 * text/plain and no Content-Type on purpose) may be answered 415 (RFC 9110 §15.5.16) though the spec documents
 * none: the spec does not describe that request, so it constrains neither the status nor the body of a 415.
 */
export function checkExchange(operation: OperationContract, exchange: Exchange): ContractFailure[] {
  if (exchange.response.status === 415 && !requestMediaTypeDocumented(operation, exchange.request)) return [];
  return checkResponse(operation, exchange.response);
}

/** Whether the request's Content-Type is one the operation documents for its body. */
export function requestMediaTypeDocumented(operation: OperationContract, request: RecordedRequest): boolean {
  const received = mediaTypeOf(request.headers['content-type']);
  const documented = operation.requestBody?.content.map((media) => media.mediaType) ?? [];
  if (request.body === undefined && received === undefined) return true;
  return received !== undefined && documented.includes(received);
}

/**
 * Every contract check over one response; an empty list means the response conforms. An undocumented
 * status has no documented headers, media type or body, so the status failure is all there is to say.
 */
export function checkResponse(operation: OperationContract, response: RecordedResponse): ContractFailure[] {
  const documented = responseFor(operation, response.status);
  if (!documented) return statusCodeConformance(operation, response);
  const media = matchMediaType(documented, response);
  return [
    ...contentTypeConformance(documented, response, media),
    ...(media ? responseSchemaConformance(documented, media, response) : []),
    ...responseHeadersConformance(documented, response),
  ];
}

export function statusCodeConformance(
  operation: OperationContract,
  response: RecordedResponse,
): ContractFailure[] {
  if (responseFor(operation, response.status)) return [];
  const statuses = documentedStatuses(operation);
  return [
    {
      check: 'status_code_conformance',
      requirement: 'status.documented',
      level: 'must',
      title: `Undocumented status code ${response.status}`,
      expected: `one of the documented statuses: ${statuses.join(', ')}`,
      received: `${response.status}${response.body ? ` with body ${show(response.body, 120)}` : ''}`,
      allowed: statuses.join(', '),
      specPointer: `${operation.pointer}/responses`,
      location: 'status',
    },
  ];
}

function matchMediaType(
  documented: ResponseContract,
  response: RecordedResponse,
): MediaTypeContract | undefined {
  const received = mediaTypeOf(response.headers['content-type']);
  if (!received) return undefined;
  const [type] = received.split('/');
  return (
    documented.content.find((media) => media.mediaType === received) ??
    documented.content.find((media) => media.mediaType === `${type}/*`) ??
    documented.content.find((media) => media.mediaType === '*/*')
  );
}

export function contentTypeConformance(
  documented: ResponseContract,
  response: RecordedResponse,
  media = matchMediaType(documented, response),
): ContractFailure[] {
  const contentType = response.headers['content-type'];
  const allowed = documented.content.map((entry) => entry.mediaType);
  if (allowed.length === 0) {
    if (response.body.length === 0) return [];
    return [
      {
        check: 'content_type_conformance',
        requirement: `response.${documented.status}.content-type`,
        level: 'must',
        title: `A body on ${response.status}, which documents none`,
        expected: 'an empty body',
        received: `${contentType ?? 'no Content-Type'}: ${show(response.body, 120)}`,
        specPointer: documented.pointer,
        location: 'body',
      },
    ];
  }
  if (media) return [];
  return [
    {
      check: 'content_type_conformance',
      requirement: `response.${documented.status}.content-type`,
      level: 'must',
      title: contentType
        ? `Undocumented Content-Type for ${response.status}`
        : `Missing Content-Type on ${response.status}`,
      expected: `Content-Type ${allowed.join(' or ')} (parameters such as charset allowed)`,
      received: contentType ? show(contentType) : 'no Content-Type header',
      allowed: allowed.join(', '),
      specPointer: `${documented.pointer}/content`,
      location: 'header content-type',
    },
  ];
}

export function responseSchemaConformance(
  documented: ResponseContract,
  media: MediaTypeContract,
  response: RecordedResponse,
): ContractFailure[] {
  let body: unknown = response.body;
  if (isJsonMediaType(mediaTypeOf(response.headers['content-type']) ?? media.mediaType)) {
    try {
      body = JSON.parse(response.body);
    } catch (error) {
      return [
        {
          check: 'response_schema_conformance',
          requirement: schemaRequirementId(documented.status, []),
          level: 'must',
          title: `${response.status} body is not valid JSON`,
          expected: `a JSON document matching the ${media.mediaType} schema`,
          received: `${show(response.body, 160)} (${(error as Error).message})`,
          specPointer: `${media.pointer}/schema`,
          location: 'body',
        },
      ];
    }
  }
  return dedupe(validateAgainst(media.schema, body)).map((error) => ({
    ...schemaFailure(error, `${response.status} ${media.mediaType} body`, 'body'),
    requirement: schemaRequirementId(documented.status, schemaPathOf(media.schema, instanceTokens(error))),
    level: 'must' as const,
  }));
}

export function responseHeadersConformance(
  documented: ResponseContract,
  response: RecordedResponse,
): ContractFailure[] {
  const failures: ContractFailure[] = [];
  for (const header of documented.headers) {
    const raw = response.headers[header.name.toLowerCase()];
    const requirement = `response.${documented.status}.header.${header.name}`;
    if (raw === undefined) {
      if (header.required) {
        failures.push({
          check: 'response_headers_conformance',
          requirement,
          level: 'must',
          title: `Missing ${header.name} header on ${response.status}`,
          expected: `a ${header.name} header (${describeSchema(header.schema)})`,
          received: 'no such header',
          allowed: header.schema,
          specPointer: header.pointer,
          location: `header ${header.name.toLowerCase()}`,
        });
      } else if (header.name.toLowerCase() === 'retry-after' && documented.status === '429') {
        failures.push(retryAfterAbsent(header, response.status));
      }
      continue;
    }
    const value = deserializeHeader(raw, header.schema);
    failures.push(
      ...dedupe(validateAgainst(header.schema, value)).map((error) => ({
        ...schemaFailure(error, `${header.name} header`, `header ${header.name.toLowerCase()}`),
        requirement,
        level: 'must' as const,
        received: show(raw),
      })),
    );
  }
  return failures;
}

/**
 * The spec documents Retry-After on 429 without `required: true`, and RFC 6585 §4 says a 429 MAY carry it:
 * a 429 without it conforms. A client then has to guess how long to wait, hence a warning.
 */
function retryAfterAbsent(header: HeaderContract, status: number): ContractFailure {
  return {
    check: 'response_headers_conformance',
    requirement: 'convention.retry-after-present',
    level: 'should',
    title: `No ${header.name} header on ${status}`,
    expected: `a ${header.name} header (${describeSchema(header.schema)}): documented, not required (RFC 6585 §4: MAY)`,
    received: 'no such header',
    allowed: header.schema,
    specPointer: header.pointer,
    location: `header ${header.name.toLowerCase()}`,
  };
}

/** OAS 3.0 headers use `style: simple`: a scalar is the header text, typed by its schema. */
function deserializeHeader(raw: string, schema: JsonSchema): unknown {
  const text = raw.trim();
  switch (primaryType(schema)) {
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

function schemaFailure(error: SchemaError, what: string, root: string): ContractFailure {
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const location = `${root}${error.instancePath}`;
  return {
    check: location.startsWith('header') ? 'response_headers_conformance' : 'response_schema_conformance',
    title: `${what} does not match the spec at ${location}`,
    expected: expectedText(error),
    received: receivedText(error),
    allowed: trimSchema(parent),
    specPointer: pointerOf(parent),
    location,
  };
}

function expectedText(error: SchemaError): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `a value of type ${String(params.type).replace(',', ' or ')}`;
    case 'required':
      return `property "${String(params.missingProperty)}" to be present`;
    case 'format':
      // int32/int64 are formats of integers, the others of strings.
      return `${/^int(32|64)$/.test(String(params.format)) ? 'an integer' : 'a string'} in format "${String(params.format)}"${FORMAT_HINTS[String(params.format)] ?? ''}`;
    case 'maxLength':
      return `at most ${String(params.limit)} characters (Unicode code points)`;
    case 'minLength':
      return `at least ${String(params.limit)} characters (Unicode code points)`;
    case 'pattern':
      return `a string matching ${String(params.pattern)}`;
    case 'enum':
      return `one of ${show(params.allowedValues)}`;
    default:
      return `a value that satisfies "${error.keyword}" (${error.message ?? 'see the schema'})`;
  }
}

const FORMAT_HINTS: Record<string, string> = {
  'date-time': ' (RFC 3339 date and time with a time-zone offset, e.g. 2026-11-24T09:30:00Z)',
  email: ' (an e-mail address)',
  int64: ' (a whole number within the signed 64-bit range)',
  int32: ' (a whole number within the signed 32-bit range)',
};

function receivedText(error: SchemaError): string {
  if (error.keyword === 'required' && error.data && typeof error.data === 'object') {
    const keys = Object.keys(error.data);
    return keys.length ? `an object with only ${showKeys(keys)}` : 'an empty object';
  }
  const length = typeof error.data === 'string' ? ` (${[...error.data].length} characters)` : '';
  return `${show(error.data)}${error.keyword.endsWith('Length') ? length : ''}`;
}

function describeSchema(schema: JsonSchema): string {
  return [primaryType(schema), schema.format, schema.description].filter(Boolean).join(', ');
}

/** A schema fragment short enough to read in a failure message. */
function trimSchema(schema: JsonSchema): unknown {
  const copy: JsonSchema = { ...schema };
  for (const key of ['properties', 'items', 'allOf', 'anyOf', 'additionalProperties']) {
    if (copy[key] !== undefined && typeof copy[key] === 'object') copy[key] = '…';
  }
  return copy;
}

/** Where in the instance an error is: its path, and for `required` the property that is missing. */
function instanceTokens(error: SchemaError): string[] {
  const tokens = error.instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  return error.keyword === 'required' && typeof missing === 'string' ? [...tokens, missing] : tokens;
}

/** allErrors can report the same spot twice (e.g. through both branches of a union); keep one each. */
function dedupe(errors: SchemaError[]): SchemaError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
