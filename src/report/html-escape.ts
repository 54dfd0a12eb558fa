/** Text as HTML (and SVG) text or attribute value: every character that could start markup is a reference. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
