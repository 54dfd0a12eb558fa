import { expect, test } from '@playwright/test';
import { deriveBoundaryCases } from '../../src/cases/boundary';
import { TestData } from '../../src/cases/test-data';
import { loadSpec, operationContract } from '../../src/contract';
import { API_BASE_PATH, REFERENCE_KEYS } from '../../src/tenant/defaults';
import { createReferenceTenant } from '../../src/tenant/tenant';

const operation = operationContract(await loadSpec(), 'post', '/online_conferences');
const cases = deriveBoundaryCases(operation);

test('the reference tenant answers every generated case as expected, and only accepted cases create', () => {
  const tenant = createReferenceTenant({ rateLimit: null });
  const testData = new TestData('20261124070000-abc123', 0, 1001);
  const send = (body: unknown) =>
    tenant.handle({
      method: 'POST',
      url: `${API_BASE_PATH}/online_conferences`,
      headers: {
        'content-type': 'application/json',
        'x-access-key-id': REFERENCE_KEYS.full.id,
        'x-access-key-secret': REFERENCE_KEYS.full.secret,
      },
      body: JSON.stringify(body),
      bodyTooLarge: false,
      remoteAddress: '127.0.0.1',
    });
  for (const c of cases) {
    const before = tenant.conferences.size;
    const response = send(c.build(testData.minimalBody(c.id)));
    expect(response.status, `${c.id}: ${response.body}`).toBe(c.expected.status);
    if (c.expected.status === 200) {
      expect(tenant.conferences.size, c.id).toBe(before + 1);
      continue;
    }
    const { field } = c.expected;
    expect(tenant.conferences.size, `${c.id} must create nothing`).toBe(before);
    const keys = Object.keys((JSON.parse(response.body) as { errors: object }).errors);
    expect(
      keys.some((key) => key === field || key.startsWith(`${field}.`)),
      `${c.id}: ${keys.join(', ')}`,
    ).toBe(true);
  }
  // The footprint the issue asks to report: one conference per accepted case.
  expect(tenant.conferences.size).toBe(cases.filter((c) => c.expected.status === 200).length);
});
