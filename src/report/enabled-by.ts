/**
 * What enables a requirement that was not verified, to put after its reason, or '' when the reason names
 * every setting already: a skip reason usually says "set MEETBIT_X=1 to enable it", and repeating it as
 * "(enable: MEETBIT_X=1)" is noise. Each enabling setting is named once.
 */
export function enablerNote(entry: { readonly reason: string; readonly enabledBy?: string }): string {
  if (!entry.enabledBy) return '';
  const settings = entry.enabledBy.match(/MEETBIT_[A-Z0-9_]+/g) ?? [];
  const named = settings.length > 0 && settings.every((setting) => entry.reason.includes(setting));
  return named ? '' : ` (enable: ${entry.enabledBy})`;
}
