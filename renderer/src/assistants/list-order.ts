/** Moving one assistant in the list by the Move up / Move down buttons. */

/** The ids in list order with `id` moved by `by` places (-1 up, +1 down); unchanged at an end. */
export function movedOrder(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}
