import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse, parseDocument } from 'yaml';
import { deriveBoundaryCases, type Body, type BoundaryCase } from '../../src/cases/boundary';
import { TestData } from '../../src/cases/test-data';
import {
  DEFAULT_SPEC_PATH,
  jsonRequestSchema,
  loadSpec,
  operationContract,
  validateAgainst,
  type JsonSchema,
} from '../../src/contract';
import { isEmailAddress } from '../../src/tenant/validation';
import { testFolder } from '../support/test-folder';

const load = async (specPath?: string) =>
  operationContract(await loadSpec(specPath), 'post', '/online_conferences');
const operation = await load();
const cases = deriveBoundaryCases(operation);
const byId = new Map(cases.map((c) => [c.id, c]));
const base = (id: string) => new TestData('20261124070000-abc123', 3, 1001).minimalBody(id);

/**
 * What the request schema constrains, listed by a walk of its own (not the generator's), so a constraint
 * the generator does not know shows up here as uncovered.
 */
interface Constraint {
  readonly pointer: string;
  readonly keyword: string;
  /** The field the constraint is about, as errors keys name it (`online_conference_attendees.0.email`). */
  readonly field: string;
  readonly value: unknown;
  /** For `type`: the JSON kinds a value may have. */
  readonly admitted?: readonly string[];
}

const ANNOTATIONS = new Set(['x-oas-pointer', 'description', 'title', 'default', 'example']);

function listConstraints(node: JsonSchema, field: string[], out: Constraint[] = []): Constraint[] {
  const pointer = node['x-oas-pointer'] as string;
  const required = new Set<string>();
  const collectRequired = (part: JsonSchema): void => {
    for (const name of (part.required ?? []) as string[]) required.add(name);
    for (const inner of (part.allOf ?? []) as JsonSchema[]) collectRequired(inner);
  };
  collectRequired(node);
  const walkObject = (part: JsonSchema): void => {
    for (const [name, child] of Object.entries((part.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!required.has(name)) {
        out.push({
          pointer: child['x-oas-pointer'] as string,
          keyword: 'optional',
          field: [...field, name].join('.'),
          value: name,
        });
      }
      listConstraints(child, [...field, name], out);
    }
    for (const name of (part.required ?? []) as string[]) {
      out.push({
        pointer: `${part['x-oas-pointer'] as string}/required`,
        keyword: 'required',
        field: [...field, name].join('.'),
        value: name,
      });
    }
    for (const inner of (part.allOf ?? []) as JsonSchema[]) walkObject(inner);
  };
  walkObject(node);
  for (const [keyword, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(keyword) || ['properties', 'required', 'allOf'].includes(keyword)) continue;
    if (keyword === 'items') {
      listConstraints(value as JsonSchema, [...field, '0'], out);
      continue;
    }
    const admitted =
      keyword === 'type' ? (Array.isArray(value) ? (value as string[]) : [value as string]) : undefined;
    out.push({
      pointer: `${pointer}/${keyword}`,
      keyword,
      field: field.join('.'),
      value,
      ...(admitted ? { admitted } : {}),
    });
  }
  return out;
}

const KINDS = ['string', 'number', 'boolean', 'object', 'array', 'null'];
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
function valueAt(body: Body, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], body);
}
const has = (body: Body, field: string): boolean => {
  const steps = field.split('.');
  const parent = valueAt(body, steps.slice(0, -1).join('.')) ?? (steps.length === 1 ? body : undefined);
  return parent !== undefined && parent !== null && Object.hasOwn(parent, steps.at(-1)!);
};
const length = (value: unknown): number => (typeof value === 'string' ? [...value].length : -1);

/** Each constraint with what it still lacks: an empty list means every constraint has its cases. */
function uncovered(constraints: readonly Constraint[], all: readonly BoundaryCase[]): string[] {
  const problems: string[] = [];
  for (const constraint of constraints) {
    const { pointer, keyword, field } = constraint;
    const at = all.filter((c) => c.specPointer === pointer);
    const accepted = at.filter((c) => c.expected.status === 200);
    const rejected = at.filter((c) => c.expected.status === 400);
    const where = `${keyword} at ${pointer}`;
    const built = (c: BoundaryCase) => c.build(base(c.id));
    switch (keyword) {
      case 'optional':
        if (!accepted.some((c) => !has(built(c), field)))
          problems.push(`${where}: no accepted case omits ${field}`);
        break;
      case 'required':
        if (
          !rejected.some(
            (c) => c.expected.status === 400 && c.expected.field === field && !has(built(c), field),
          )
        )
          problems.push(`${where}: no rejected case leaves out ${field}`);
        break;
      case 'type': {
        const sent = new Set(rejected.map((c) => kindOf(valueAt(built(c), field))));
        // An integer field is sent a fraction as its "number"; a number field admits the kind.
        const wrong = KINDS.filter((kind) => !constraint.admitted!.includes(kind));
        for (const kind of wrong)
          if (!sent.has(kind)) problems.push(`${where}: no rejected case sends a JSON ${kind}`);
        if (constraint.admitted!.includes('null')) {
          const nullable = all.filter((c) => c.specPointer === pointer.replace(/\/type$/, '/nullable'));
          if (!nullable.some((c) => c.expected.status === 200 && valueAt(built(c), field) === null))
            problems.push(`${where}: no accepted case sends null`);
        }
        break;
      }
      case 'maxLength': {
        const max = constraint.value as number;
        // An email is accepted at RFC 5321's 254 where maxLength allows more (see values.ts).
        const top = field.endsWith('email') ? Math.min(max, 254) : max;
        if (!accepted.some((c) => length(valueAt(built(c), field)) === top))
          problems.push(`${where}: no accepted value of ${top}`);
        if (!rejected.some((c) => length(valueAt(built(c), field)) === max + 1))
          problems.push(`${where}: no rejected value of ${max + 1}`);
        break;
      }
      case 'maxItems': {
        const max = constraint.value as number;
        const count = (c: BoundaryCase) => (valueAt(built(c), field) as unknown[] | undefined)?.length;
        if (!accepted.some((c) => count(c) === max)) problems.push(`${where}: no accepted list of ${max}`);
        if (!rejected.some((c) => count(c) === max + 1))
          problems.push(`${where}: no rejected list of ${max + 1}`);
        break;
      }
      case 'pattern':
        if (accepted.length === 0 || rejected.length === 0)
          problems.push(`${where}: needs accepted and rejected cases`);
        break;
      default:
        // format, and any keyword the generator does not know yet (minLength, minimum, enum, ...).
        if (rejected.length === 0) problems.push(`${where}: no rejected case`);
    }
  }
  return problems;
}

test.describe('every constraint of the request schema has its cases', () => {
  const constraints = listConstraints(jsonRequestSchema(operation).schema, []);

  test('the walk finds the constraints the spec is known to have', () => {
    const keywords = constraints.map((c) => `${c.field || '(body)'} ${c.keyword}`);
    expect(keywords).toEqual(
      expect.arrayContaining([
        'title maxLength',
        'online_conference_attendees maxItems',
        'public_id pattern',
        'online_conference_attendees.0.email format',
        'online_conference_attendees.0.email maxLength',
        'online_conference_attendees.0.name maxLength',
        'online_conference_attendees.0.email required',
        'is_public required',
        'backer_event_id optional',
        'online_conference_attendees.0.name type',
      ]),
    );
  });

  test('no constraint is without its accepted and rejected cases', () => {
    expect(uncovered(constraints, cases)).toEqual([]);
  });

  test('a constraint the generator does not know fails the coverage check', async () => {
    const edited = await load(
      writeSpec((doc) =>
        doc.setIn(['components', 'schemas', 'OnlineConference', 'properties', 'title', 'minLength'], 3),
      ),
    );
    const problems = uncovered(
      listConstraints(jsonRequestSchema(edited).schema, []),
      deriveBoundaryCases(edited),
    );
    expect(problems).toEqual([
      'minLength at #/components/schemas/OnlineConference/properties/title/minLength: no rejected case',
    ]);
  });
});

test.describe('each case is traceable, deterministic and one violation', () => {
  const document = parse(readFileSync(DEFAULT_SPEC_PATH, 'utf8')) as unknown;

  test('ids are unique and every spec location exists in openapi.yaml', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases)
      expect(resolvePointer(document, c.specPointer), `${c.id} -> ${c.specPointer}`).toBeDefined();
  });

  test('ids, descriptions and locations depend on the spec alone', async () => {
    const again = deriveBoundaryCases(await load());
    const plain = (list: BoundaryCase[]) =>
      list.map(({ id, description, specPointer, expected }) => ({ id, description, specPointer, expected }));
    expect(plain(again)).toEqual(plain(cases));
  });

  test('build is pure and keeps the run-fresh values of its base', () => {
    const c = byId.get('public_id.pattern.classes')!;
    const first = base(c.id);
    const frozen = structuredClone(first);
    const body = c.build(first);
    expect(first).toEqual(frozen);
    expect(body.public_id).toBe(`${first.public_id as string}azAZ09-_`);
    expect(c.build({ ...first, public_id: 'other-id' }).public_id).toBe('other-idazAZ09-_');
  });

  test('accepted bodies satisfy the request schema; rejected ones break it at the case field only', () => {
    const schema = jsonRequestSchema(operation).schema;
    for (const c of cases) {
      const errors = validateAgainst(schema, c.build(base(c.id)));
      if (c.expected.status === 200) {
        expect(errors, c.id).toEqual([]);
        continue;
      }
      const fields = new Set(
        errors.map((error) => {
          const missing = (error.params as { missingProperty?: string }).missingProperty;
          return [...error.instancePath.split('/').slice(1), ...(missing ? [missing] : [])].join('.');
        }),
      );
      expect([...fields], c.id).toEqual([c.expected.field]);
    }
  });
});

test.describe('values are fair under every reading', () => {
  const value = (id: string, field: string) => valueAt(byId.get(id)!.build(base(id)), field) as string;

  test('the accepted title at maxLength keeps the label and is longer in bytes and UTF-16 units', () => {
    const title = value('title.maxLength.exact', 'title');
    expect([...title].length).toBe(255);
    expect(title.startsWith('[conformance test 20261124070000-abc123] title.maxLength.exact ')).toBe(true);
    expect(title.length).toBeGreaterThan(255);
    expect(Buffer.byteLength(title)).toBeGreaterThan(255);
    expect(title).toMatch(/😀/u);
    expect(title.normalize('NFC')).toBe(title);
    expect(title).not.toMatch(/\s$/);
  });

  test('rejected lengths are ASCII: over under every way of counting', () => {
    for (const [id, field] of [
      ['title.maxLength.over', 'title'],
      ['online_conference_attendees.items.name.maxLength.over', 'online_conference_attendees.0.name'],
      ['online_conference_attendees.items.email.maxLength.over', 'online_conference_attendees.0.email'],
    ] as const) {
      const text = value(id, field);
      expect(Buffer.byteLength(text), id).toBe(256);
      expect(text.length, id).toBe(256);
    }
  });

  test('the accepted email is 254 characters (RFC 5321 as a whole, within maxLength 255), a valid address within the limits of its parts; nothing is sent at 255', () => {
    const email = value(
      'online_conference_attendees.items.email.maxLength.rfc5321',
      'online_conference_attendees.0.email',
    );
    const [local, domain] = email.split('@') as [string, string];
    expect(email.length).toBe(254);
    expect(local.length).toBe(64);
    expect(cases.map((c) => c.id)).not.toContain('online_conference_attendees.items.email.maxLength.exact');
    expect(local.length).toBeLessThanOrEqual(64);
    expect(Math.max(...domain.split('.').map((label) => label.length))).toBeLessThanOrEqual(63);
    expect(domain.endsWith('.example.com')).toBe(true);
    expect(isEmailAddress(email)).toBe(true);
  });

  test('invalid emails are invalid to the reference tenant too', () => {
    for (const c of cases.filter((c) => c.id.includes('email.format.invalid'))) {
      expect(isEmailAddress(value(c.id, 'online_conference_attendees.0.email')), c.id).toBe(false);
    }
  });
});

test.describe('the cases follow the spec with no code edit', () => {
  test('maxItems: 10 and title maxLength: 100 change the cases', async () => {
    const edited = await load(
      writeSpec((doc) => {
        const schema = [
          'paths',
          '/online_conferences',
          'post',
          'requestBody',
          'content',
          'application/json',
          'schema',
        ];
        doc.setIn([...schema, 'allOf', 1, 'properties', 'online_conference_attendees', 'maxItems'], 10);
        doc.setIn(['components', 'schemas', 'OnlineConference', 'properties', 'title', 'maxLength'], 100);
      }),
    );
    const changed = new Map(deriveBoundaryCases(edited).map((c) => [c.id, c]));
    const count = (id: string) =>
      (changed.get(id)!.build(base(id)).online_conference_attendees as unknown[]).length;
    expect(count('online_conference_attendees.maxItems.exact')).toBe(10);
    expect(count('online_conference_attendees.maxItems.over')).toBe(11);
    const title = (id: string) => [...(changed.get(id)!.build(base(id)).title as string)].length;
    expect(title('title.maxLength.exact')).toBe(100);
    expect(title('title.maxLength.over')).toBe(101);
    expect(changed.get('online_conference_attendees.maxItems.over')!.description).toContain('11 items');
    expect([...changed.keys()]).toEqual(cases.map((c) => c.id));
  });
});

function writeSpec(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
  edit(doc);
  const file = path.join(testFolder('spec'), 'openapi.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);
}
