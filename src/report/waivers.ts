import { parse } from 'yaml';

/** A known deviation of a tenant, accepted by someone until a date. */
export interface Waiver {
  /** A requirement id (`response.429.header.Retry-After`); `*` matches any run of characters. */
  readonly requirement?: string;
  /** A contract check (`content_type_conformance`), optionally only at `location` (`body/data/*`). */
  readonly check?: string;
  readonly location?: string;
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD, valid through that day (UTC). */
  readonly expires: string;
  /** Only for this tenant: its name (MEETBIT_TENANT_NAME), host or base URL. Any tenant when absent. */
  readonly target?: string;
}

export interface WaiverFile {
  readonly waivers: readonly Waiver[];
  /** Problems with the file itself; each fails the run, since a broken file would silently waive nothing. */
  readonly problems: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Pure: the file's text (or undefined when there is no file) to waivers and problems. */
export function parseWaivers(text: string | undefined, file = 'conformance.waivers.yaml'): WaiverFile {
  if (text === undefined) return { waivers: [], problems: [] };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return {
      waivers: [],
      problems: [`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`],
    };
  }
  if (document === null || document === undefined) return { waivers: [], problems: [] };
  const list = (document as { waivers?: unknown }).waivers;
  if (
    typeof document !== 'object' ||
    Array.isArray(document) ||
    (list !== undefined && list !== null && !Array.isArray(list))
  ) {
    return { waivers: [], problems: [`${file} must be a mapping with a "waivers" list.`] };
  }
  const waivers: Waiver[] = [];
  const problems: string[] = [];
  ((list as unknown[] | null | undefined) ?? []).forEach((entry, index) => {
    const at = `${file} waivers[${index}]`;
    const value = (entry ?? {}) as Record<string, unknown>;
    const field = (name: string): string | undefined => {
      const raw = value[name];
      // YAML reads an unquoted 2026-12-31 as a date; take it back as the day it names.
      if (raw instanceof Date) return raw.toISOString().slice(0, 10);
      return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
    };
    const missing = ['reason', 'owner', 'expires'].filter((name) => field(name) === undefined);
    if (field('requirement') === undefined && field('check') === undefined) missing.unshift('requirement');
    if (missing.length > 0) {
      problems.push(
        `${at}: missing ${missing.join(', ')} (every waiver needs a requirement (or a check), reason, owner, expires).`,
      );
      return;
    }
    const expires = field('expires')!;
    if (!DATE.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      problems.push(`${at}: expires must be a date YYYY-MM-DD, got "${expires}".`);
      return;
    }
    const target = field('target');
    const requirement = field('requirement');
    const check = field('check');
    const location = field('location');
    waivers.push({
      ...(requirement ? { requirement } : {}),
      ...(check ? { check } : {}),
      ...(location ? { location } : {}),
      reason: field('reason')!,
      owner: field('owner')!,
      expires,
      ...(target ? { target } : {}),
    });
  });
  return { waivers, problems };
}

export function isExpired(waiver: Waiver, today: string): boolean {
  return waiver.expires < today;
}

/** The tenant a run talks to, in every form a waiver's `target` may name it. */
export interface TargetNames {
  readonly name?: string;
  readonly baseUrl?: string;
}

export function appliesTo(waiver: Waiver, target: TargetNames): boolean {
  if (!waiver.target) return true;
  const host = hostOf(target.baseUrl);
  return [target.name, target.baseUrl, host].some((candidate) => candidate === waiver.target);
}

export function matchesCheck(pattern: string, check: string): boolean {
  if (!pattern.includes('*')) return pattern === check;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(check);
}

/** How a report names a waiver: its requirement, or its check (at its location). */
export function waiverName(waiver: Waiver): string {
  return (
    waiver.requirement ??
    `${waiver.check ?? '?'}${waiver.location !== undefined ? ` at ${waiver.location}` : ''}`
  );
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
