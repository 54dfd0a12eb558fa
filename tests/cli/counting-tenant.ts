import { serve, type RunningTenant } from '../../src/tenant/http';
import type { Handler } from '../../src/tenant/tenant';

export interface SeenRequest {
  readonly publicId: string | undefined;
  readonly title: string | undefined;
  readonly status: number;
}

/** Serves a tenant and records every request it answers: the tenant's own count is the truth. */
export async function countingTenant(
  handler: Handler,
): Promise<{ tenant: RunningTenant; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const tenant = await serve((request) => {
    const response = handler(request);
    const body = parse(request.body);
    seen.push({
      publicId: typeof body.public_id === 'string' ? body.public_id : undefined,
      title: typeof body.title === 'string' ? body.title : undefined,
      status: response.status,
    });
    return response;
  });
  return { tenant, seen };
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return parse(JSON.stringify(value[0]));
    if (typeof value === 'string') return parse(value);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
