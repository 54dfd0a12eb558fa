import { pointerOf, typesOf } from '../shape';
import type { Keyword } from './keyword';

/** OAS `nullable: true` (derived as a `null` type): null is accepted. Its absence is `type`'s null case. */
export const nullable: Keyword<'nullable'> = {
  name: 'nullable',
  at: 'value',
  cases: ({ field, node }) =>
    typesOf(node).includes('null')
      ? [
          {
            variant: 'nullable.null',
            keyword: 'nullable',
            outcome: 'accepted',
            description: `${field} null is accepted (nullable)`,
            specPointer: `${pointerOf(node)}/nullable`,
            change: { value: () => null },
          },
        ]
      : [],
  statement: (field) => `\`${field}\` may be null`,
};
