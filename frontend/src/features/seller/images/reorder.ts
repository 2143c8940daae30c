/**
 * Move one item a step towards the front (-1) or the back (+1) of a list; a step past either end leaves the
 * order as it was. Returns a new array (the caller's list is not changed) and where the item ended up.
 */
export function moveItem<T>(items: readonly T[], index: number, step: -1 | 1): { items: T[]; index: number } {
  const target = index + step;
  const copy = [...items];
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return { items: copy, index };
  const [moved] = copy.splice(index, 1);
  copy.splice(target, 0, moved as T);
  return { items: copy, index: target };
}
