import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { BASELINE_FORMAT, type BaselineReport } from '../report/changes';

/**
 * Reads a baseline (MEETBIT_BASELINE): a previous conformance.json, bounded in size and checked against
 * docs/conformance.schema.json before anything reads a field of it, so a truncated, edited or foreign
 * file is refused with one clear sentence instead of being half compared. Whether it is of this tenant,
 * operation and spec is the report layer's question (baselineRefusal), asked with what the run knows.
 */

/** conformance.json is written under 9 MB; anything much larger is not one. */
export const MAX_BASELINE_BYTES = 12 * 1024 * 1024;

const SCHEMA = fileURLToPath(new URL('../../docs/conformance.schema.json', import.meta.url));

export type BaselineRead =
  { readonly ok: true; readonly baseline: BaselineReport } | { readonly ok: false; readonly problem: string };

export function readBaseline(file: string): BaselineRead {
  const name = `MEETBIT_BASELINE (${file})`;
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, problem: `${name} is not a file.` };
    size = stat.size;
  } catch {
    return {
      ok: false,
      problem: `${name} does not exist. The first run of a tenant has no baseline: leave MEETBIT_BASELINE unset then.`,
    };
  }
  if (size > MAX_BASELINE_BYTES)
    return {
      ok: false,
      problem: `${name} has ${size} bytes, more than the ${MAX_BASELINE_BYTES} a conformance.json can have: it is not one.`,
    };
  let value: unknown;
  try {
    value = JSON.parse(readBounded(file, size));
  } catch {
    return { ok: false, problem: `${name} is not JSON: pass the conformance.json of an earlier run.` };
  }
  const format = value && typeof value === 'object' ? (value as { format?: unknown }).format : undefined;
  if (format !== BASELINE_FORMAT)
    return {
      ok: false,
      problem: `${name} is not a ${BASELINE_FORMAT} report (format ${JSON.stringify(format ?? null).slice(0, 60)}): only reports of this format can be compared.`,
    };
  const validate = validator();
  if (!validate(value)) {
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
    return {
      ok: false,
      problem: `${name} does not match docs/conformance.schema.json (${errors.join('; ')}): it was edited or cut short.`,
    };
  }
  return { ok: true, baseline: value as BaselineReport };
}

function readBounded(file: string, size: number): string {
  const buffer = Buffer.alloc(Math.min(size, MAX_BASELINE_BYTES));
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

let compiled: ReturnType<Ajv['compile']> | undefined;

function validator(): ReturnType<Ajv['compile']> {
  compiled ??= new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(SCHEMA, 'utf8')) as object,
  );
  return compiled;
}
