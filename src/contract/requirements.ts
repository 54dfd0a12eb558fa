/**
 * The unit of the verdict. Every assertion the suite makes verifies one requirement, and every failure
 * names the requirement it violates. The spec's requirements are derived from openapi.yaml
 * (`deriveRequirements`); the few that come from an RFC or a convention are listed in `conventions.ts`.
 */

/** MUST: the spec states it, or an HTTP RFC says MUST; a violation fails the verdict. SHOULD: a warning. */
export type Level = 'must' | 'should';

export type RequirementSource =
  | { readonly kind: 'spec'; readonly pointer: string }
  | { readonly kind: 'rfc'; readonly rfc: string; readonly section: string; readonly text: string }
  | { readonly kind: 'convention'; readonly rationale: string };

export interface Requirement {
  /** Stable and readable: `request.title.maxLength`, `response.200.body.data.id`, `convention.error-names-field`. */
  readonly id: string;
  readonly level: Level;
  /** One line a reviewer understands: "`title` longer than 255 characters is rejected with 400". */
  readonly statement: string;
  readonly source: RequirementSource;
  /** The setting without which the suite cannot verify it (e.g. MEETBIT_ALLOW_RATE_LIMIT_TEST=1). */
  readonly enabledBy?: string;
  /**
   * Set for a requirement about something a correct tenant never does (e.g. the shape of a 500): it is
   * checked when it happens, and its absence leaves the run complete.
   */
  readonly when?: string;
}

export function sourceText(source: RequirementSource): string {
  switch (source.kind) {
    case 'spec':
      return `openapi.yaml${source.pointer}`;
    case 'rfc':
      return `${source.rfc} ${source.section}`;
    case 'convention':
      return `convention: ${source.rationale}`;
  }
}
