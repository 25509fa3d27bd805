/**
 * Ordering of merged strategic-merge lists. Items named by the patch (or by its
 * `$setElementOrder` list) follow the patch's order; items only on the server keep their
 * live order; the two runs are interleaved using the live order where both sides know it.
 */

type KeyOf = (item: unknown) => string;

function sortByOrder(items: unknown[], order: unknown[], keyOf: KeyOf): unknown[] {
  const index = new Map<string, number>();
  order.forEach((item, i) => {
    const k = keyOf(item);
    if (!index.has(k)) index.set(k, i);
  });
  return items
    .map((item, i) => ({ item, i, at: index.get(keyOf(item)) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => (a.at === b.at ? a.i - b.i : a.at - b.at))
    .map((e) => e.item);
}

/** Interleaves `serverOnly` into `patchItems`, both already sorted, keeping each run's order. */
function mergeSorted(serverOnly: unknown[], patchItems: unknown[], serverOrder: unknown[], keyOf: KeyOf): unknown[] {
  const position = new Map<string, number>();
  serverOrder.forEach((item, i) => {
    const k = keyOf(item);
    if (!position.has(k)) position.set(k, i);
  });
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]);
    else if (j >= patchItems.length) out.push(serverOnly[i++]);
    else {
      const li = position.get(keyOf(serverOnly[i]));
      const ri = position.get(keyOf(patchItems[j]));
      if (li !== undefined && ri !== undefined && li < ri) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  return out;
}

/**
 * Reorders `merged`: the items whose key appears in `patchOrder` go in that order, the others
 * in `serverOrder`'s order, interleaved by their live positions.
 */
export function orderMergedList(merged: unknown[], patchOrder: unknown[], serverOrder: unknown[], keyOf: KeyOf): unknown[] {
  const inPatch = new Set(patchOrder.map(keyOf));
  const patchItems = merged.filter((item) => inPatch.has(keyOf(item)));
  const serverOnly = merged.filter((item) => !inPatch.has(keyOf(item)));
  return mergeSorted(sortByOrder(serverOnly, serverOrder, keyOf), sortByOrder(patchItems, patchOrder, keyOf), serverOrder, keyOf);
}
