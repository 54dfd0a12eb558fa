import { SaxesParser } from 'saxes';

/**
 * Why a document is not well-formed XML 1.0 (characters XML forbids, a second root, an undefined entity,
 * tags out of order), as strict consumers of junit.xml read it; empty when it is well-formed.
 */
export function xmlProblems(document: string): string[] {
  const problems: string[] = [];
  const parser = new SaxesParser();
  parser.on('error', (error) => problems.push(error.message));
  parser.write(document).close();
  return problems;
}
