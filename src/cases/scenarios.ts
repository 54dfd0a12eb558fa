import type { BoundaryCase, Body } from './boundary';

/**
 * The scenarios a reviewer looks for by name, each one generated case under a readable title. Numbers in
 * the titles come from the spec (through the case's body), so a changed limit renames the scenario.
 */
export interface NamedScenario {
  readonly caseId: string;
  readonly title: (body: Body) => string;
}

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const characters = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

export const NAMED_SCENARIOS: readonly NamedScenario[] = [
  {
    caseId: 'online_conference_attendees.maxItems.over',
    title: (body) => `${count(body.online_conference_attendees)} attendees are rejected`,
  },
  {
    caseId: 'online_conference_attendees.maxItems.exact',
    title: (body) => `${count(body.online_conference_attendees)} attendees are accepted`,
  },
  { caseId: 'public_id.pattern.punctuation', title: () => 'a public_id outside its pattern is rejected' },
  {
    caseId: 'title.maxLength.over',
    title: (body) => `a ${characters(body.title)}-character title is rejected`,
  },
  {
    caseId: 'title.maxLength.exact',
    title: (body) => `a ${characters(body.title)}-character title is accepted`,
  },
];

/** The scenario's title for a case, e.g. "6 attendees are rejected"; the placeholder base only sizes it. */
export function scenarioTitle(scenario: NamedScenario, boundaryCase: BoundaryCase): string {
  return scenario.title(boundaryCase.build({ title: 'Conformance scenario' }));
}
