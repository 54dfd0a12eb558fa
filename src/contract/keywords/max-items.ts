import type { JsonSchema } from '../derive';
import { pointerOf } from '../shape';
import type { CaseDraft, Keyword } from './keyword';

/** `maxItems`: exactly the maximum accepted, one more rejected. */
export const maxItems: Keyword<'maxItems'> = {
  name: 'maxItems',
  at: 'value',
  cases: ({ field, node, sample }) => {
    const max = node.maxItems;
    if (typeof max !== 'number' || !node.items) return [];
    const items = node.items as JsonSchema;
    const list = (count: number) => () => Array.from({ length: count }, (_, i) => sample(items, i));
    const draft = (variant: string, outcome: CaseDraft['outcome'], description: string, count: number) => ({
      variant,
      keyword: 'maxItems',
      outcome,
      description,
      specPointer: `${pointerOf(node)}/maxItems`,
      change: { value: list(count) },
    });
    return [
      draft('maxItems.exact', 'accepted', `${field} with exactly ${max} items (maxItems) is accepted`, max),
      draft(
        'maxItems.over',
        'rejected',
        `${field} with ${max + 1} items, one past maxItems, is rejected`,
        max + 1,
      ),
    ];
  },
  statement: (field, node) =>
    `\`${field}\` with up to ${String(node?.maxItems)} items is accepted; more is rejected with 400`,
};
