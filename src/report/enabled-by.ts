/**
 * What enables a requirement that was not verified, to put after its reason, or '' when the reason names
 * every setting already: a skip reason usually says "set MEETBIT_X=1 to enable it", and repeating it as
 * "(enable: MEETBIT_X=1)" is noise. Each enabling setting is named once.
 */
export function enablerNote(entry: {
  readonly reason: string;
  readonly enabledBy?: string;
  readonly notRun?: 'skipped' | 'not-in-run';
}): string {
  // Only a test skipped for a setting is enabled by it: one that ran (and saw no 429) already had the setting.
  if (!entry.enabledBy || entry.notRun !== 'skipped') return '';
  const settings = entry.enabledBy.match(/MEETBIT_[A-Z0-9_]+/g) ?? [];
  const named = settings.length > 0 && settings.every((setting) => entry.reason.includes(setting));
  return named ? '' : ` (enable: ${entry.enabledBy})`;
}
