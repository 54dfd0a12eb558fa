/** The one operation of openapi.yaml this suite tests; every layer that names it takes it from here. */
export const SUITE_OPERATION = {
  method: 'post',
  path: '/online_conferences',
  name: 'POST /online_conferences',
} as const;
