import { CORRECT_TENANTS } from './correct-tenants';
import type { TenantVariant } from './variant';
import { AUTH_VARIANTS } from './variants/auth';
import { REQUIREMENT_VARIANTS } from './variants/requirements';
import { FUZZ_VARIANTS } from './variants/fuzz';
import { RESPONSE_VARIANTS } from './variants/responses';
import { SCENARIO_VARIANTS } from './variants/scenarios';
import { VALIDATION_VARIANTS } from './variants/validation';

export { CORRECT_TENANTS };

/** Every faulty variant; each file groups one kind of defect. */
export const FAULTY_VARIANTS: readonly TenantVariant[] = [
  ...RESPONSE_VARIANTS,
  ...VALIDATION_VARIANTS,
  ...SCENARIO_VARIANTS,
  ...AUTH_VARIANTS,
  ...REQUIREMENT_VARIANTS,
  ...FUZZ_VARIANTS,
];
