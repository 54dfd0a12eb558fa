/**
 * One fresh process doing what the suite does before its first request, step by step, printing the
 * milliseconds of each as JSON: where the time above the Playwright floor goes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const started = performance.now();
const steps: Record<string, number> = {};
let last = started;
const mark = (step: string): void => {
  const now = performance.now();
  steps[step] = now - last;
  last = now;
};

const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
const contract = await import('../src/contract');
mark('import contract core (swagger-parser, ajv)');
await SwaggerParser.validate(contract.DEFAULT_SPEC_PATH);
mark('validate spec (swagger-parser, runner only)');
// As in a worker: the runner validated these bytes, so loadSpec only dereferences.
const bytes = await readFile(contract.DEFAULT_SPEC_PATH);
process.env.MEETBIT_SPEC_VALIDATED = createHash('sha256').update(bytes).digest('hex');
const spec = await contract.loadSpec();
mark('dereference spec (every worker)');
const operation = contract.operationContract(spec, 'post', '/online_conferences');
mark('derive schemas + findings (every worker)');
const schemas = [
  ...(operation.requestBody?.content ?? []).map((media) => media.schema),
  ...operation.responses.flatMap((response) => [
    ...response.content.map((media) => media.schema),
    ...response.headers.map((header) => header.schema),
  ]),
];
for (const schema of schemas) contract.validatorFor(schema);
mark(`compile ${schemas.length} Ajv validators (every worker)`);
const { createReferenceTenant } = await import('../src/tenant/tenant');
const { serve } = await import('../src/tenant/http');
const running = await serve(createReferenceTenant().handle);
mark('start reference tenant (runner only)');
await running.close();
process.stdout.write(`${JSON.stringify(steps)}\n`);
