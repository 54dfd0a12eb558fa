import { pointerOf } from '../shape';
import type { Keyword } from './keyword';

/** `required`: leaving a required field out is rejected; leaving an optional one out is accepted. */
export const required: Keyword<'required'> = {
  name: 'required',
  at: 'property',
  cases: ({ field, node, property }) => {
    if (!property) return [];
    return property.required
      ? [
          {
            variant: 'required.missing',
            keyword: 'required',
            outcome: 'rejected',
            description: `a body without the required ${field} is rejected`,
            specPointer: property.requiredPointer,
            change: { remove: true },
          },
        ]
      : [
          {
            variant: 'optional.omitted',
            keyword: 'required',
            outcome: 'accepted',
            description: `a body with every optional field but ${field} is accepted`,
            specPointer: pointerOf(node),
            change: { remove: true, fillSiblings: true },
            acceptsValidOnly: true,
          },
        ];
  },
  statement: (field) => `A body without \`${field}\` is rejected with 400`,
  expected: (error) =>
    error.keyword === 'required' ? `property "${error.params.missingProperty}" to be present` : undefined,
};
