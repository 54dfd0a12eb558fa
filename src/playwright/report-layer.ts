/**
 * What the conformance reporter builds and writes its reports with, in one module it imports in onBegin: the
 * renderers, the model, the waivers' YAML parser and the baseline's schema load while the tests run, not
 * before the first worker starts.
 */
export { renderHtml } from '../report/html';
export { renderConsole } from '../report/console';
export { renderMarkdown } from '../report/markdown';
export { renderJobSummary } from '../report/summary';
export { catalogueOf } from '../cases/catalogue';
export { buildReport, fuzzLines } from '../report/model';
export { describePacing, summarizePacing } from '../report/pacing';
export { fitReport } from '../report/fit';
export { readPreflightRecord } from '../client/preflight-record';
export { parseWaivers } from '../report/waivers';
export { readBaseline } from '../config/baseline';
export { historyLineOf, parseHistory, tenantKey } from '../report/history';
export { appendHistory, readHistoryTail } from './history-file';
