import type { JsonSchema } from './derive';
import type { SpecFinding } from './findings';
import { isJsonMediaType } from './exchange';

/** One operation of the spec as the suite reads it: plain data, built once by `operationContract`. */
export interface MediaTypeContract {
  readonly mediaType: string;
  readonly schema: JsonSchema;
  readonly pointer: string;
}

export interface HeaderContract {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
  readonly pointer: string;
}

export interface ResponseContract {
  /** As written in the spec: "200", "4XX" or "default". */
  readonly status: string;
  readonly description: string;
  readonly pointer: string;
  readonly content: readonly MediaTypeContract[];
  readonly headers: readonly HeaderContract[];
}

export interface OperationContract {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly pointer: string;
  /** The operation's description, where the spec states what it needs beyond the schemas (permissions). */
  readonly description: string;
  readonly requestBody: { readonly required: boolean; readonly content: readonly MediaTypeContract[] } | null;
  readonly responses: readonly ResponseContract[];
  /** Alternatives (any one suffices) of header sets (all needed), from the security requirements. */
  readonly securityHeaders: readonly (readonly string[])[];
  readonly findings: readonly SpecFinding[];
  readonly spec: { readonly title: string; readonly version: string; readonly sha256: string };
}

/** Exact status first, then the `2XX` style range, then `default`, as OAS 3.0 resolves them. */
export function responseFor(operation: OperationContract, status: number): ResponseContract | undefined {
  const byKey = new Map(operation.responses.map((response) => [response.status.toUpperCase(), response]));
  return byKey.get(String(status)) ?? byKey.get(`${String(status)[0]}XX`) ?? byKey.get('DEFAULT');
}

export function documentedStatuses(operation: OperationContract): string[] {
  return operation.responses.map((response) => response.status);
}

export function jsonRequestSchema(operation: OperationContract): MediaTypeContract {
  const media = operation.requestBody?.content.find((entry) => isJsonMediaType(entry.mediaType));
  if (!media) throw new Error(`${operation.id} documents no application/json request body`);
  return media;
}
