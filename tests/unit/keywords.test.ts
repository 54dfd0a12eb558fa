import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseDocument } from 'yaml';
import { deriveBoundaryCases } from '../../src/cases/boundary';
import { requestRequirements } from '../../src/cases/catalogue';
import { DEFAULT_SPEC_PATH, loadSpec, operationContract, pointerOf } from '../../src/contract';
import { KEYWORDS, type Keyword } from '../../src/contract/keywords';
import { BREAKERS } from '../../src/fuzz/breakers';
import { testFolder } from '../support/test-folder';

/** openapi.yaml with `title` given a `minLength: 3`, a keyword the suite derives no cases for. */
async function specWithTitleMinLength() {
  const doc = parseDocument(readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
  doc.setIn(['components', 'schemas', 'OnlineConference', 'properties', 'title', 'minLength'], 3);
  const file = path.join(testFolder('spec'), 'openapi.yaml');
  writeFileSync(file, doc.toString());
  return operationContract(await loadSpec(file), 'post', '/online_conferences');
}

/** A keyword as a new file would define it: its cases, its statement, its words. */
const minLength: Keyword<'minLength'> = {
  name: 'minLength',
  at: 'value',
  cases: ({ field, node }) => {
    const min = node.minLength;
    if (typeof min !== 'number') return [];
    return [
      {
        variant: 'minLength.under',
        keyword: 'minLength',
        outcome: 'rejected',
        description: `${field} of ${min - 1} characters is rejected`,
        specPointer: `${pointerOf(node)}/minLength`,
        change: { value: () => 'x'.repeat(min - 1) },
      },
    ];
  },
  statement: (field, node) =>
    `\`${field}\` shorter than ${String(node?.minLength)} characters is rejected with 400`,
};

test('adding a keyword is one file and one index line: a registered keyword brings its cases and its statement', async () => {
  const operation = await specWithTitleMinLength();
  // Unregistered, the constraint is still a requirement (a generic one), and no case proves it.
  const before = requestRequirements(operation).find((r) => r.id === 'request.title.minLength');
  expect(before?.statement).toBe('`title` breaking `minLength: 3` is rejected with 400');
  expect(deriveBoundaryCases(operation).some((c) => c.id.startsWith('title.minLength'))).toBe(false);

  const registered = [...KEYWORDS, minLength];
  const added = deriveBoundaryCases(operation, registered).find((c) => c.id === 'title.minLength.under');
  expect(added).toMatchObject({
    requirement: 'request.title.minLength',
    verifies: ['request.title.minLength'],
    expected: { status: 400, field: 'title' },
    specPointer: '#/components/schemas/OnlineConference/properties/title/minLength',
  });
  expect(added?.build({ title: 'Weekly' })).toEqual({ title: 'xx' });
  const after = requestRequirements(operation, registered).filter((r) => r.id === 'request.title.minLength');
  expect(after.map((r) => r.statement)).toEqual(['`title` shorter than 3 characters is rejected with 400']);
});

test('every keyword of the registry has a fuzz breaker entry, by the type of BREAKERS', () => {
  expect(Object.keys(BREAKERS).sort()).toEqual(KEYWORDS.map((k) => k.name).sort());
  // A record of breakers that leaves a keyword out does not compile:
  // @ts-expect-error: maxItems is missing
  const incomplete: typeof BREAKERS = {
    required: null,
    nullable: null,
    type: null,
    maxLength: null,
    pattern: null,
    format: null,
  };
  expect(Object.keys(incomplete)).not.toContain('maxItems');
});

test('the registry lists each keyword once, property-level ones first, in the order cases are listed', () => {
  const names = KEYWORDS.map((k) => k.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toEqual(['required', 'nullable', 'type', 'maxLength', 'pattern', 'format', 'maxItems']);
});
