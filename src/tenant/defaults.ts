/**
 * The reference tenant's built-in keys and data. They guard a loopback sandbox only and are
 * published here on purpose: they are not credentials of any real tenant.
 */
export const REFERENCE_KEYS = {
  full: {
    id: 'reference-full-key',
    secret: 'reference-full-secret',
    permissions: ['online_conferences.create.*'],
  },
  restricted: {
    id: 'reference-readonly-key',
    secret: 'reference-readonly-secret',
    permissions: ['online_conferences.view.*'],
  },
} as const;

export const REFERENCE_ACCOUNT_IDS = [1001, 1002] as const;
export const REFERENCE_BACKER_EVENT_IDS = [501, 502] as const;
export const API_BASE_PATH = '/api/public/v2.0';
