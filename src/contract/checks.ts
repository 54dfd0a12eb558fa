import type { JsonSchema } from './derive';
import {
  isJsonMediaType,
  mediaTypeOf,
  type Exchange,
  type RecordedRequest,
  type RecordedResponse,
} from './exchange';
import {
  combineResults,
  NOTHING_CHECKED,
  show,
  showKeys,
  type CheckResult,
  type ContractFailure,
} from './failure';
import {
  documentedStatuses,
  responseFor,
  type HeaderContract,
  type MediaTypeContract,
  type OperationContract,
  type ResponseContract,
} from './operation-contract';
import { bodyRequirements, schemaPathOf, schemaRequirementId } from './spec-requirements';
import { pointerOf, primaryType } from './shape';
import { keywordNamed } from './keywords';
import { validateAgainst, type SchemaError } from './validators';

/**
 * Every contract check over one exchange. A request outside the documented media types (the suite sends
 * text/plain and no Content-Type on purpose) may be answered 415 (RFC 9110 §15.5.16) though the spec documents
 * none: the spec does not describe that request, so it constrains neither the status nor the body of a 415.
 */
export function checkExchange(operation: OperationContract, exchange: Exchange): CheckResult {
  if (exchange.response.status === 415 && !requestMediaTypeDocumented(operation, exchange.request))
    return NOTHING_CHECKED;
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
 * Every contract check over one response; no failure means the response conforms. An undocumented
 * status has no documented headers, media type or body, so the status failure is all there is to say.
 */
export function checkResponse(operation: OperationContract, response: RecordedResponse): CheckResult {
  const documented = responseFor(operation, response.status);
  if (!documented) return statusCodeConformance(operation, response);
  const media = matchMediaType(documented, response);
  return combineResults(
    statusCodeConformance(operation, response),
    contentTypeConformance(documented, response, media),
    media ? responseSchemaConformance(documented, media, response) : NOTHING_CHECKED,
    responseHeadersConformance(documented, response),
  );
}

export function statusCodeConformance(operation: OperationContract, response: RecordedResponse): CheckResult {
  const verified = ['status.documented'];
  if (responseFor(operation, response.status)) return { failures: [], verified };
  const statuses = documentedStatuses(operation);
  return {
    verified,
    failures: [
      {
        check: 'status_code_conformance',
        requirement: 'status.documented',
        level: 'must',
        defect: `status ${response.status}`,
        title: `Undocumented status code ${response.status}`,
        expected: `one of the documented statuses: ${statuses.join(', ')}`,
        received: `${response.status}${response.body ? ` with body ${show(response.body, 120)}` : ''}`,
        allowed: statuses.join(', '),
        specPointer: `${operation.pointer}/responses`,
        location: 'status',
      },
    ],
  };
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
): CheckResult {
  const contentType = response.headers['content-type'];
  const allowed = documented.content.map((entry) => entry.mediaType);
  const verified = [`response.${documented.status}.content-type`];
  const failing = (failure: ContractFailure): CheckResult => ({ failures: [failure], verified });
  if (allowed.length === 0) {
    if (response.body.length === 0) return { failures: [], verified };
    return failing({
      check: 'content_type_conformance',
      requirement: `response.${documented.status}.content-type`,
      level: 'must',
      defect: 'body on an empty response',
      title: `A body on ${response.status}, which documents none`,
      expected: 'an empty body',
      received: `${contentType ?? 'no Content-Type'}: ${show(response.body, 120)}`,
      specPointer: documented.pointer,
      location: 'body',
    });
  }
  if (media) return { failures: [], verified };
  return failing({
    check: 'content_type_conformance',
    requirement: `response.${documented.status}.content-type`,
    level: 'must',
    defect: contentType ? 'undocumented media type' : 'no media type',
    title: contentType
      ? `Undocumented Content-Type for ${response.status}`
      : `Missing Content-Type on ${response.status}`,
    expected: `Content-Type ${allowed.join(' or ')} (parameters such as charset allowed)`,
    received: contentType ? show(contentType) : 'no Content-Type header',
    allowed: allowed.join(', '),
    specPointer: `${documented.pointer}/content`,
    location: 'header content-type',
  });
}

export function responseSchemaConformance(
  documented: ResponseContract,
  media: MediaTypeContract,
  response: RecordedResponse,
): CheckResult {
  const verified = bodyRequirements(documented.status, media).map((requirement) => requirement.id);
  let body: unknown = response.body;
  if (isJsonMediaType(mediaTypeOf(response.headers['content-type']) ?? media.mediaType)) {
    try {
      body = JSON.parse(response.body);
    } catch (error) {
      return {
        verified,
        failures: [
          {
            check: 'response_schema_conformance',
            requirement: schemaRequirementId(documented.status, []),
            level: 'must',
            defect: 'not JSON',
            title: `${response.status} body is not valid JSON`,
            expected: `a JSON document matching the ${media.mediaType} schema`,
            received: `${show(response.body, 160)} (${(error as Error).message})`,
            specPointer: `${media.pointer}/schema`,
            location: 'body',
          },
        ],
      };
    }
  }
  const errors = dedupe(validateAgainst(media.schema, body));
  const at = (error: SchemaError, tokens: string[]) => ({
    what: `${response.status} ${media.mediaType} body`,
    root: 'body',
    check: 'response_schema_conformance' as const,
    requirement: schemaRequirementId(documented.status, schemaPathOf(media.schema, tokens)),
  });
  const shapes = otherShapes(errors);
  const failures = errors.flatMap((error) => {
    const missing = shapes.get(error.instancePath);
    if (error.keyword !== 'required' || !missing)
      return [schemaFailure(error, at(error, instanceTokens(error)))];
    // Every required property missing: an object of another shape (pydantic's `detail`, a framework's own
    // error body), one root cause, one failure of the object's requirement; reported at its first error.
    if (missing[0] !== error) return [];
    const failure = schemaFailure(error, at(error, pathTokens(error)));
    const names = missing.flatMap((each) =>
      each.keyword === 'required' ? [JSON.stringify(each.params.missingProperty)] : [],
    );
    return [
      { ...failure, defect: 'another shape', expected: `properties ${names.join(', ')} to be present` },
    ];
  });
  return { failures, verified };
}

export function responseHeadersConformance(
  documented: ResponseContract,
  response: RecordedResponse,
): CheckResult {
  const failures: ContractFailure[] = [];
  const verified: string[] = [];
  for (const header of documented.headers) {
    const raw = response.headers[header.name.toLowerCase()];
    const requirement = `response.${documented.status}.header.${header.name}`;
    const retryAfterOn429 = header.name.toLowerCase() === 'retry-after' && documented.status === '429';
    if (retryAfterOn429) verified.push(RETRY_AFTER_PRESENT);
    if (raw === undefined) {
      if (header.required) {
        verified.push(requirement);
        failures.push({
          check: 'response_headers_conformance',
          requirement,
          level: 'must',
          defect: 'missing',
          title: `Missing ${header.name} header on ${response.status}`,
          expected: `a ${header.name} header (${describeSchema(header.schema)})`,
          received: 'no such header',
          allowed: header.schema,
          specPointer: header.pointer,
          location: `header ${header.name.toLowerCase()}`,
        });
      } else if (retryAfterOn429) {
        failures.push(retryAfterAbsent(header, response.status));
      }
      continue;
    }
    verified.push(requirement);
    const value = deserializeHeader(raw, header.schema);
    failures.push(
      ...dedupe(validateAgainst(header.schema, value)).map((error) => ({
        ...schemaFailure(error, {
          what: `${header.name} header`,
          root: `header ${header.name.toLowerCase()}`,
          check: 'response_headers_conformance',
          requirement,
        }),
        received: show(raw),
      })),
    );
  }
  return { failures, verified };
}

const RETRY_AFTER_PRESENT = 'convention.retry-after-present';

/**
 * The spec documents Retry-After on 429 without `required: true`, and RFC 6585 §4 says a 429 MAY carry it:
 * a 429 without it conforms. A client then has to guess how long to wait, hence a warning.
 */
function retryAfterAbsent(header: HeaderContract, status: number): ContractFailure {
  return {
    check: 'response_headers_conformance',
    requirement: RETRY_AFTER_PRESENT,
    level: 'should',
    defect: 'missing',
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

function schemaFailure(
  error: SchemaError,
  at: {
    readonly what: string;
    readonly root: string;
    readonly check: 'response_schema_conformance' | 'response_headers_conformance';
    readonly requirement: string;
  },
): ContractFailure {
  const { what, root, check, requirement } = at;
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const location = `${root}${error.instancePath}`;
  return {
    check,
    requirement,
    level: 'must',
    defect: error.keyword,
    title: `${what} does not match the spec at ${location}`,
    expected: expectedText(error),
    received: receivedText(error),
    allowed: trimSchema(parent),
    specPointer: pointerOf(parent),
    location,
  };
}

/** What the keyword wanted there: its own words (src/contract/keywords), else Ajv's. */
function expectedText(error: SchemaError): string {
  const own = keywordNamed(error.keyword)?.expected?.(error);
  if (own !== undefined) return own;
  switch (error.keyword) {
    case 'minLength':
      return `at least ${error.params.limit} characters (Unicode code points)`;
    case 'enum':
      return `one of ${show(error.params.allowedValues)}`;
    default:
      return `a value that satisfies "${error.keyword}" (${error.message ?? 'see the schema'})`;
  }
}

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
  const tokens = pathTokens(error);
  return error.keyword === 'required' ? [...tokens, error.params.missingProperty] : tokens;
}

function pathTokens(error: SchemaError): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Objects missing every property their schema requires (two or more): by instance path, their `required`
 * errors. One such object is not a set of defects, it is another shape.
 */
function otherShapes(errors: readonly SchemaError[]): Map<string, SchemaError[]> {
  const byPath = new Map<string, SchemaError[]>();
  for (const error of errors) {
    if (error.keyword !== 'required') continue;
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  }
  for (const [where, missing] of byPath) {
    const required = missing[0]!.schema;
    if (missing.length < 2 || !Array.isArray(required) || missing.length < required.length)
      byPath.delete(where);
  }
  return byPath;
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
