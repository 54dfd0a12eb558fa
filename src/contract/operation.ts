import type { OpenAPIV3 } from 'openapi-types';
import { deriveJsonSchema, type Direction, type JsonSchema } from './derive';
import { uniqueFindings, type SpecFinding } from './findings';
import { joinPointer } from './pointers';
import { loadSpec, type LoadedSpec } from './spec';
import { SUITE_OPERATION } from './suite-operation';
import { auditOperation } from './audit';
import { primaryType } from './shape';
import type {
  HeaderContract,
  MediaTypeContract,
  OperationContract,
  ResponseContract,
} from './operation-contract';

/** The suite's operation, from openapi.yaml (loaded once per process by `loadSpec`). */
export async function loadSuiteOperation(): Promise<OperationContract> {
  return operationContract(await loadSpec(), SUITE_OPERATION.method, SUITE_OPERATION.path);
}

export function operationContract(spec: LoadedSpec, method: string, path: string): OperationContract {
  const document = spec.document;
  const pathItem = document.paths[path];
  const operation = pathItem?.[method.toLowerCase() as OpenAPIV3.HttpMethods];
  const pointer = joinPointer('#/paths', path, method.toLowerCase());
  if (!operation) throw new Error(`The spec has no operation ${method.toUpperCase()} ${path}`);

  const findings: SpecFinding[] = [];
  const derive = (
    schema: OpenAPIV3.SchemaObject | undefined,
    direction: Direction,
    at: string,
  ): JsonSchema => {
    const derived = deriveJsonSchema(schema ?? {}, direction, spec.pointers, at);
    findings.push(...derived.findings);
    return derived.schema;
  };
  const mediaTypes = (
    content: Record<string, OpenAPIV3.MediaTypeObject> | undefined,
    direction: Direction,
    at: string,
  ): MediaTypeContract[] =>
    Object.entries(content ?? {}).map(([mediaType, media]) => {
      const mediaPointer = joinPointer(at, 'content', mediaType);
      return {
        mediaType: mediaType.toLowerCase(),
        schema: derive(
          media.schema as OpenAPIV3.SchemaObject,
          direction,
          joinPointer(mediaPointer, 'schema'),
        ),
        pointer: mediaPointer,
      };
    });

  const body = operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  const requestBody = body
    ? {
        required: body.required === true,
        content: mediaTypes(body.content, 'request', joinPointer(pointer, 'requestBody')),
      }
    : null;

  const responses = Object.entries(operation.responses ?? {}).map(([status, value]): ResponseContract => {
    const response = value as OpenAPIV3.ResponseObject;
    const at = spec.pointers.get(response) ?? joinPointer(pointer, 'responses', status);
    const headers = Object.entries(response.headers ?? {}).map(([name, header]): HeaderContract => {
      const headerObject = header as OpenAPIV3.HeaderObject;
      const headerPointer = joinPointer(at, 'headers', name);
      const required = headerObject.required === true;
      if (!required && status === '429' && name.toLowerCase() === 'retry-after') {
        findings.push({
          id: 'retry-after-not-required',
          severity: 'ambiguity',
          pointer: headerPointer,
          title: 'Retry-After is documented for 429 but not marked `required: true`',
          detail:
            'Its schema promises "number of seconds to wait", which a client can only honour if the header ' +
            'is sent; as written, and as RFC 6585 §4 allows (MAY), a 429 without it conforms.',
          handling:
            'A 429 without Retry-After is a warning (convention.retry-after-present) and the suite waits 1 s ' +
            'before it retries; a Retry-After that is sent must match its schema (an integer number of seconds).',
        });
      }
      const schema = derive(
        headerObject.schema as OpenAPIV3.SchemaObject,
        'response',
        joinPointer(headerPointer, 'schema'),
      );
      if (
        name.toLowerCase() === 'retry-after' &&
        primaryType(schema) === 'integer' &&
        schema.minimum === undefined
      ) {
        schema.minimum = 0;
        findings.push({
          id: 'retry-after-may-be-negative',
          severity: 'ambiguity',
          pointer: joinPointer(headerPointer, 'schema'),
          title: 'Retry-After is `type: integer` without `minimum: 0`',
          detail:
            'HTTP defines Retry-After seconds as delay-seconds = 1*DIGIT (RFC 9110 §10.2.3): never negative. ' +
            'As written, "Retry-After: -1" would conform.',
          handling: 'The suite checks Retry-After with `minimum: 0` added, as HTTP requires.',
        });
      }
      return { name, required, schema, pointer: headerPointer };
    });
    return {
      status,
      description: response.description,
      pointer: at,
      content: mediaTypes(response.content, 'response', at),
      headers,
    };
  });

  const securityHeaders = securityHeaderSets(document, operation);
  const contract: OperationContract = {
    id: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    pointer,
    description: operation.description ?? '',
    requestBody,
    responses,
    securityHeaders,
    findings: [],
    spec: { title: document.info.title, version: document.info.version, sha256: spec.sha256 },
  };
  return {
    ...contract,
    findings: uniqueFindings([...findings, ...auditOperation(contract, operation, pointer)]),
  };
}

function securityHeaderSets(document: OpenAPIV3.Document, operation: OpenAPIV3.OperationObject): string[][] {
  const requirements = operation.security ?? document.security ?? [];
  const schemes = document.components?.securitySchemes ?? {};
  return requirements.map((requirement) =>
    Object.keys(requirement).map((schemeName) => {
      const scheme = schemes[schemeName] as OpenAPIV3.SecuritySchemeObject | undefined;
      if (scheme?.type !== 'apiKey' || scheme.in !== 'header') {
        throw new Error(
          `Security scheme "${schemeName}" is not an apiKey in a header; the suite cannot send it`,
        );
      }
      return scheme.name;
    }),
  );
}
