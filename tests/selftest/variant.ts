import type { ContractCheckId } from '../../src/contract/failure';
import type { Handler, TenantOptions, TenantRequest, TenantResponse } from '../../src/tenant/tenant';

/**
 * A tenant for the self-test: the reference tenant with option overrides and/or a wrapper around its
 * handler. A faulty variant carries exactly one defect and names the checks that must catch it.
 */
export interface TenantVariant {
  /** Unique, kebab-case; becomes the Playwright project suffix. */
  readonly name: string;
  /** One line: the defect (or, for a correct tenant, its different choices). */
  readonly description: string;
  /**
   * What must catch the defect, any one sufficing: a case that fails (its id, e.g. `title.maxLength.over`) or
   * a contract check that fails inside any test (e.g. `content_type_conformance`). Absent for correct tenants
   * and SHOULD-only variants.
   */
  readonly catches?: { readonly cases?: readonly string[]; readonly checks?: readonly ContractCheckId[] };
  /**
   * Requirement ids that must all be among its MUST failures (one check must not hide another), and ids that
   * must not be (a failure is attributed to the requirement it violates, not to the test that saw it).
   */
  readonly shows?: readonly string[];
  readonly showsNot?: readonly string[];
  /**
   * Exactly these MUST problems (requirement ids, one problem each) when the report groups the run's
   * failures for this tenant: one root cause is one problem, attributed to what it breaks. A variant that
   * names them runs every test (no stop at the first kill), so the count is the whole run's.
   */
  readonly problems?: readonly string[];
  /**
   * A tenant that breaks only SHOULD-level requirements (or a correct one making a choice the suite warns
   * about): it must pass every test and raise at least these warnings (requirement ids).
   */
  readonly warns?: readonly string[];
  /** Requirements the run must report as not verified (inconclusive) for it, with no failed test. */
  readonly inconclusive?: readonly string[];
  /** The tests (by check id) in which the defect can show, when they are few: the self-test runs only
   * those against this variant (a 429 defect shows only in the burst, the last test of a run). */
  readonly scope?: readonly string[];
  /**
   * A defect only generated inputs reach (the fuzz phase): the self-test runs every test against it, never
   * stopping at the first kill, and requires that no fixed case caught it (the kill table says so).
   */
  readonly onlyGenerated?: true;
  readonly options?: Partial<TenantOptions>;
  readonly wrap?: (handler: Handler) => Handler;
}

/** Every id that catches a faulty variant (its cases and its checks); empty for the others. */
export function catchersOf(variant: TenantVariant): readonly string[] {
  return [...(variant.catches?.cases ?? []), ...(variant.catches?.checks ?? [])];
}

/** A MUST variant: some case or check must catch it. */
export function isFaulty(variant: TenantVariant): boolean {
  return catchersOf(variant).length > 0;
}

// Small shared fragments, so each variant reads as its one defect.

export const mapResponse =
  (map: (response: TenantResponse, request: TenantRequest) => TenantResponse) =>
  (handler: Handler): Handler =>
  (request) =>
    map(handler(request), request);

export const mapRequest =
  (map: (request: TenantRequest) => TenantRequest) =>
  (handler: Handler): Handler =>
  (request) =>
    handler(map(request));

/** Rewrites the parsed JSON body of responses with the given status; other responses pass untouched. */
export const mapJsonBody = (status: number, map: (body: Record<string, unknown>) => unknown) =>
  mapResponse((response) =>
    response.status === status
      ? { ...response, body: JSON.stringify(map(JSON.parse(response.body) as Record<string, unknown>)) }
      : response,
  );

/** Rewrites `data` of a 200 create response. */
export const mapCreated = (map: (data: Record<string, unknown>) => Record<string, unknown>) =>
  mapJsonBody(200, (body) => ({ ...body, data: map(body.data as Record<string, unknown>) }));

export const withHeaders = (status: number, headers: Record<string, string>) =>
  mapResponse((response) =>
    response.status === status ? { ...response, headers: { ...response.headers, ...headers } } : response,
  );

/** The parsed JSON request body, or undefined when it is not a JSON object. */
export function jsonRequest(request: TenantRequest): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(request.body);
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export const withBody = (request: TenantRequest, body: Record<string, unknown>): TenantRequest => ({
  ...request,
  body: JSON.stringify(body),
});

/** Rewrites the parsed JSON request body before the tenant sees it, as input casting or middleware would. */
export const mapBody = (map: (body: Record<string, unknown>) => Record<string, unknown>) =>
  mapRequest((request: TenantRequest) => {
    const body = jsonRequest(request);
    return body ? withBody(request, map(body)) : request;
  });

/** Renames every key of a 400's `errors`. */
export const renameErrorKeys = (rename: (key: string) => string) =>
  mapJsonBody(400, (body) => ({
    ...body,
    errors: Object.fromEntries(
      Object.entries(body.errors as Record<string, string[]>).map(([key, value]) => [rename(key), value]),
    ),
  }));

/** Applies wrappers outermost first, so a list reads in the order a request meets them. */
export const compose =
  (...wrappers: readonly ((handler: Handler) => Handler)[]) =>
  (handler: Handler): Handler =>
    wrappers.reduceRight((inner, wrap) => wrap(inner), handler);
