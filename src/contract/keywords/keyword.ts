import type { JsonSchema } from '../derive';
import type { SchemaError } from '../validators';

/**
 * Everything the suite knows about one JSON Schema keyword of a request body, in one file per keyword (as
 * ajv keeps a keyword's code and error in one file): the boundary cases of a place that has it, the
 * statement of its requirement, and the words for a value that breaks it. The fuzz phase's breaker of each
 * keyword is in src/fuzz/breakers.ts, in a record keyed by keyword name, so a missing one fails to compile.
 */
export interface Keyword<Name extends string = string> {
  /** The keyword, as the spec and Ajv write it; also the last part of its requirement id. */
  readonly name: Name;
  /** `property`: judged on an object's property (present or not); `value`: on a value that is there. */
  readonly at: 'property' | 'value';
  /** The cases at one place of the body; none where the place does not have the keyword. */
  cases(site: KeywordSite): readonly CaseDraft[];
  /** The statement of `request.<path>.<name>`, e.g. "`title` of up to 255 characters is accepted; ...". */
  statement(field: string, node: JsonSchema | undefined): string;
  /** "Expected: ..." for a value that breaks it, from Ajv's error for this keyword. */
  expected?(error: SchemaError): string | undefined;
}

/** One place of the request body, as a keyword sees it. */
export interface KeywordSite {
  /** How case ids name the place: `title`, `online_conference_attendees.items.email`. */
  readonly id: string;
  /** The field a 400's `errors` names, Laravel style: `online_conference_attendees.0.email`. */
  readonly field: string;
  /** The schema of the value at the place. */
  readonly node: JsonSchema;
  /** For an object's property: whether the object requires it, and the pointer of that `required`. */
  readonly property?: { readonly required: boolean; readonly requiredPointer: string };
  /** A valid value for a schema (index: which of several, so array items differ). */
  readonly sample: (schema: JsonSchema, index: number) => unknown;
}

/** A case before it has a place: the boundary generator gives it its id, requirement and body. */
export interface CaseDraft {
  /** The id's last part: `maxLength.over`, appended to the place's id. */
  readonly variant: string;
  /** The keyword the case proves (`nullable` for an accepted null), named in its requirement id. */
  readonly keyword: string;
  readonly outcome: 'accepted' | 'rejected';
  readonly description: string;
  readonly specPointer: string;
  /** The change to a valid body at the place: a new value (from the current one), or leaving it out. */
  readonly change:
    | { readonly value: (current: unknown) => unknown }
    | { readonly remove: true; readonly fillSiblings?: true };
  /** An accepted case that proves no boundary of its keyword, only that valid bodies are accepted. */
  readonly acceptsValidOnly?: true;
  /**
   * A rejected case a correct tenant may accept with only a warning: the convention it then breaks. With
   * `ifTrimmed`, only when the value comes back trimmed (trimming middleware made it valid); echoed as sent,
   * the acceptance is the keyword's MUST failure.
   */
  readonly tolerated?: {
    readonly requirement: string;
    readonly why: string;
    readonly ifTrimmed?: true;
  };
}
