import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import { intendedPattern } from './derive';
import type { SpecFinding } from './findings';
import { pointerTokens } from './pointers';

export interface FixedSpec {
  /** The document with the suite's repairs applied, as YAML text; everything else is as written. */
  readonly text: string;
  readonly applied: readonly SpecFinding[];
  /** Findings the suite handles in how it tests, not by changing the document (notes, ambiguities). */
  readonly notApplied: readonly SpecFinding[];
}

/** One repair: set `key` to `value` in the mapping at `mapPointer`. */
interface Edit {
  readonly mapPointer: string;
  readonly key: string;
  readonly value: string | boolean;
}

/** The findings whose repair is a change to the document, each as the edit that makes it. */
const REPAIRS: Record<string, (finding: SpecFinding, document: Document) => Edit> = {
  'pattern-with-regex-delimiters': ({ pointer }, document) => {
    const tokens = pointerTokens(pointer);
    const written = resolve(document, tokens);
    const intended = isScalar(written) ? intendedPattern(String(written.value)) : undefined;
    if (intended === undefined) throw new Error(`No delimited pattern at ${pointer} to repair`);
    return { mapPointer: parentPointer(tokens), key: tokens.at(-1)!, value: intended };
  },
  'object-schema-without-type': ({ pointer }) => ({ mapPointer: pointer, key: 'type', value: 'object' }),
  'retry-after-not-required': ({ pointer }) => ({ mapPointer: pointer, key: 'required', value: true }),
};

/**
 * Applies each repairable finding at its pointer to the raw (not dereferenced) YAML document, so tools
 * that read the spec themselves (Prism, generators) see the contract the suite tests. Comments and
 * layout of the rest of the document are kept; each changed key carries a comment naming its finding.
 */
export function fixedSpec(rawYaml: string, findings: readonly SpecFinding[]): FixedSpec {
  const document = parseDocument(rawYaml);
  if (document.errors.length > 0) throw new Error(`Cannot parse the spec: ${document.errors[0]!.message}`);
  const applied: SpecFinding[] = [];
  const notApplied: SpecFinding[] = [];
  for (const finding of findings) {
    const repair = REPAIRS[finding.id];
    if (!repair) {
      notApplied.push(finding);
      continue;
    }
    const edit = repair(finding, document);
    const map = resolve(document, pointerTokens(edit.mapPointer));
    if (!isMap(map)) throw new Error(`${finding.id}: expected a mapping at ${edit.mapPointer}`);
    setFirst(document, map, edit, `repaired by the suite: ${finding.id}`);
    applied.push(finding);
  }
  return { text: document.toString(), applied, notApplied };
}

/** Walks the tokens, following a local `$ref` where the key sought is not written beside it. */
function resolve(document: Document, tokens: readonly string[]): unknown {
  let node: unknown = document.contents;
  const walked: string[] = [];
  for (const token of tokens) {
    for (let hops = 0; isMap(node) && !node.has(token) && typeof node.get('$ref') === 'string'; hops++) {
      const ref = node.get('$ref') as string;
      if (!ref.startsWith('#/') || hops > 20)
        throw new Error(`Cannot follow $ref "${ref}" at #/${walked.join('/')}`);
      node = resolve(document, pointerTokens(ref));
    }
    if (!isMap(node) || !node.has(token)) {
      throw new Error(`The spec has nothing at #/${[...walked, token].join('/')}`);
    }
    node = node.get(token, true);
    walked.push(token);
  }
  return node;
}

function setFirst(document: Document, map: YAMLMap, edit: Edit, comment: string): void {
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === edit.key);
  if (existing) {
    existing.value = document.createNode(edit.value);
    if (isScalar(existing.key)) existing.key.commentBefore = ` ${comment}`;
    return;
  }
  const pair = document.createPair(edit.key, edit.value);
  if (isScalar(pair.key)) pair.key.commentBefore = ` ${comment}`;
  map.items.unshift(pair);
}

function parentPointer(tokens: readonly string[]): string {
  return `#${tokens
    .slice(0, -1)
    .map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('')}`;
}
