/**
 * After dereferencing, a schema used through `$ref` is the same object at every place it is used.
 * Indexing `components` before `paths` therefore gives each shared schema the pointer a reviewer
 * finds in openapi.yaml (`#/components/schemas/OnlineConference/properties/title`) rather than
 * the path through which a request reached it.
 */
export type PointerIndex = WeakMap<object, string>;

export function buildPointerIndex(document: object): PointerIndex {
  const index: PointerIndex = new WeakMap();
  const root = document as Record<string, unknown>;
  const order = ['components', ...Object.keys(root).filter((key) => key !== 'components')];
  for (const key of order) {
    if (key in root) visit(root[key], `#/${escapePointerToken(key)}`, index);
  }
  return index;
}

function visit(node: unknown, pointer: string, index: PointerIndex): void {
  if (node === null || typeof node !== 'object' || index.has(node)) return;
  index.set(node, pointer);
  for (const [key, child] of Object.entries(node)) {
    visit(child, `${pointer}/${escapePointerToken(key)}`, index);
  }
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return [base, ...tokens.map((token) => escapePointerToken(String(token)))].join('/');
}

export function pointerOf(index: PointerIndex, node: object, fallback: string): string {
  return index.get(node) ?? fallback;
}

/** `#/components/responses/A/content/application~1json` -> ['components', 'responses', 'A', 'content', 'application/json'] */
export function pointerTokens(pointer: string): string[] {
  const path = pointer.replace(/^#/, '');
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`Not a JSON pointer: ${pointer}`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}
