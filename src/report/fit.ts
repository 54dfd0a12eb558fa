import { boundedJson, capDeep, cutText } from '../safety/bounds';
import type { TestEntry, ConformanceReport } from './model';
import type { Problem } from './verdict';

/**
 * Every report has a size whatever the tenant sends. conformance.json: every string capped, then, while
 * it is still over its budget, less detail where it matters least (passing tests' bodies first, the first
 * problems' exchanges last), each step named in `cut`. conformance.md: whole blocks until its budget (a
 * GitHub job summary takes 1 MiB), then a line saying where it was cut.
 */
export const JSON_BUDGET = 9 * 1024 * 1024;
export const MARKDOWN_BUDGET = 900 * 1024;
/** Any one string of a report: a body as the report keeps it (64 KB) and a little more. */
const MAX_STRING = 66 * 1024;
const SMALL_BODY = 2 * 1024;
/** The problems that keep every detail whatever else is cut: more than any summary shows. */
const FULL_PROBLEMS = 30;
const DETAILED_PROBLEMS = 200;
/** Problems listed at all when nothing else helps; the rest are counted (`omittedProblems`). */
const LISTED_PROBLEMS = 1000;

type Step = { readonly cut: string; readonly apply: (report: ConformanceReport) => ConformanceReport };

const STEPS: readonly Step[] = [
  {
    cut: `the request and response bodies of each test entry cut to ${SMALL_BODY / 1024} KB, messages too`,
    apply: (report) => ({ ...report, tests: report.tests.map((check) => smallCheck(check, SMALL_BODY)) }),
  },
  {
    cut: `problems after the first ${FULL_PROBLEMS}: bodies cut to ${SMALL_BODY / 1024} KB, texts to 1,000 characters`,
    apply: (report) => ({
      ...report,
      problems: report.problems.map((problem, i) =>
        i < FULL_PROBLEMS ? problem : smallProblem(problem, 1000),
      ),
    }),
  },
  {
    cut: `problems after the first ${DETAILED_PROBLEMS}: no exchange, texts cut to 120 characters, one test named`,
    apply: (report) => ({
      ...report,
      problems: report.problems.map((problem, i) => (i < DETAILED_PROBLEMS ? problem : bareProblem(problem))),
    }),
  },
  {
    cut: 'test entries that passed or were skipped: no exchange, no message',
    apply: (report) => ({
      ...report,
      tests: report.tests.map((check) =>
        check.status === 'passed' || check.status === 'skipped' ? bareCheck(check) : check,
      ),
    }),
  },
  {
    cut: `problems after the first ${LISTED_PROBLEMS}: left out of the list, counted by level in omittedProblems`,
    apply: (report) => {
      const omitted = report.problems.slice(LISTED_PROBLEMS);
      const count = (keep: (problem: Problem) => boolean) => omitted.filter(keep).length;
      return {
        ...report,
        problems: report.problems.slice(0, LISTED_PROBLEMS),
        omittedProblems: {
          must: count((problem) => !problem.waivedBy && problem.level === 'must'),
          should: count((problem) => !problem.waivedBy && problem.level === 'should'),
          waived: count((problem) => problem.waivedBy !== undefined),
        },
      };
    },
  },
];

/** The report as written: capped, and reduced step by step while its JSON is over `budget` bytes. */
export function fitReport(report: ConformanceReport, budget = JSON_BUDGET): ConformanceReport {
  let fitted = capDeep(report, { maxString: MAX_STRING });
  const cut: string[] = [];
  for (const step of STEPS) {
    if (sizeOf(fitted, budget) <= budget) break;
    fitted = step.apply(fitted);
    cut.push(step.cut);
  }
  return cut.length > 0 ? { ...fitted, cut } : fitted;
}

/** Blocks of Markdown, whole, while they fit in `budget` bytes; then a note saying where it was cut. */
export function fitMarkdown(blocks: readonly (readonly string[])[], budget = MARKDOWN_BUDGET): string {
  const out: string[] = [];
  let size = 0;
  for (const [index, block] of blocks.entries()) {
    const text = `${block.join('\n')}\n`;
    const bytes = Buffer.byteLength(text);
    if (size + bytes > budget) {
      out.push(
        `**Cut here** (${blocks.length - index} more sections) to stay under ${Math.round(budget / 1024)} KB, ` +
          'within what a CI job summary accepts: the rest is in conformance.json and conformance.html.\n',
      );
      break;
    }
    out.push(text);
    size += bytes;
  }
  return out.join('');
}

/** Bytes of the report as written; Infinity past `budget` in compact form, without serialising a flood. */
function sizeOf(report: ConformanceReport, budget: number): number {
  if (!boundedJson(report, budget).complete) return Infinity;
  return Buffer.byteLength(JSON.stringify(report, null, 2));
}

function smallCheck(check: TestEntry, max: number): TestEntry {
  return {
    ...check,
    ...(check.message !== undefined ? { message: cutText(check.message, max) } : {}),
    ...(check.request?.body !== undefined
      ? { request: { ...check.request, body: cutText(check.request.body, max) } }
      : {}),
    ...(check.response ? { response: { ...check.response, body: cutText(check.response.body, max) } } : {}),
    ...(check.curl !== undefined ? { curl: cutText(check.curl, max) } : {}),
  };
}

function bareCheck(check: TestEntry): TestEntry {
  const { request: _request, response: _response, curl: _curl, message: _message, ...rest } = check;
  return rest;
}

function smallProblem(problem: Problem, max: number): Problem {
  return {
    ...problem,
    title: cutText(problem.title, max),
    expected: cutText(problem.expected, max),
    received: cutText(problem.received, max),
    location: cutText(problem.location, max),
    ...(problem.request?.body !== undefined
      ? { request: { ...problem.request, body: cutText(problem.request.body, SMALL_BODY) } }
      : {}),
    ...(problem.response
      ? { response: { ...problem.response, body: cutText(problem.response.body, SMALL_BODY) } }
      : {}),
    ...(problem.curl !== undefined ? { curl: cutText(problem.curl, SMALL_BODY * 2) } : {}),
  };
}

function bareProblem(problem: Problem): Problem {
  const {
    request: _request,
    response: _response,
    curl: _curl,
    allowed: _allowed,
    ...rest
  } = smallProblem(problem, 120);
  return { ...rest, statement: cutText(rest.statement, 120), tests: rest.tests.slice(0, 1) };
}
