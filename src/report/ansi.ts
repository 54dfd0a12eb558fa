// CSI sequences (colours, cursor moves) and OSC hyperlinks, as terminals and Playwright's matchers emit them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** Text as a file shows it: without terminal colours and hyperlinks. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
