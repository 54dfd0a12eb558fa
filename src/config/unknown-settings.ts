import { INTERNAL_VARIABLES, SETTINGS } from './settings';

const KNOWN = new Set([...SETTINGS.map((setting) => setting.name), ...INTERNAL_VARIABLES]);

/**
 * A MEETBIT_* name the suite does not know is a typo until shown otherwise: left alone, `MEETBIT_BASEURL`
 * would run the bundled tenant and `MEETBIT_FUZZ_REQUEST=0` the whole fuzz phase, silently. Each is a
 * configuration problem naming it (never its value) and, when one is close, the setting it most likely
 * meant. Any letter case counts: `meetbit_base_url` is the same mistake.
 */
export function unknownSettingProblems(
  env: Readonly<Record<string, string | undefined>>,
  fromDotenv: ReadonlySet<string> = new Set(),
): string[] {
  return Object.keys(env)
    .filter((name) => /^meetbit_/i.test(name) && !KNOWN.has(name))
    .sort()
    .map((name) => {
      const where = fromDotenv.has(name) ? 'in .env' : 'in the environment';
      const guess = closestSetting(name);
      return (
        `${name} (${where}) is not a setting of this suite${guess ? `: did you mean ${guess}?` : '.'} ` +
        'Rename or remove it (npm run conformance -- --help lists every setting).'
      );
    });
}

/** The setting a misspelt name most likely meant: close once case and underscores are set aside. */
export function closestSetting(name: string): string | undefined {
  const bare = (text: string) =>
    text
      .toUpperCase()
      .replace(/^MEETBIT_/, '')
      .replace(/_/g, '');
  const wanted = bare(name);
  let best: { name: string; distance: number } | undefined;
  for (const setting of SETTINGS) {
    const distance = editDistance(wanted, bare(setting.name));
    if (!best || distance < best.distance) best = { name: setting.name, distance };
  }
  // A third of the name may be wrong; beyond that a guess misleads more than it helps.
  return best && best.distance <= Math.max(1, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
