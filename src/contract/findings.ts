/** A defect or ambiguity of the spec itself, found while deriving schemas, and how the suite handles it. */
export interface SpecFinding {
  readonly id: string;
  readonly severity: 'defect' | 'ambiguity' | 'note';
  /** JSON pointer into openapi.yaml. */
  readonly pointer: string;
  readonly title: string;
  readonly detail: string;
  readonly handling: string;
}

export function uniqueFindings(findings: readonly SpecFinding[]): SpecFinding[] {
  const seen = new Map<string, SpecFinding>();
  for (const finding of findings) seen.set(`${finding.id} ${finding.pointer}`, finding);
  return [...seen.values()];
}
