/**
 * Text from a tenant (or anything not ours) as one line of Markdown: no newline, and no tag, heading, link,
 * emphasis or table cell of its own taking effect. `<`, `>`, `&` become entities; other markup is escaped.
 */
export function markdownInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
    .replace(/[\\`*_[\]|#!]/g, (c) => `\\${c}`);
}
