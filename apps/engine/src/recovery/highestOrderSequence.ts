/**
 * The highest order sequence number among the client order ids of a trail (`<strategy>-<n>`, the kernel's
 * `OrderManager` format), 0 when there is none. A restarted live engine continues its ids after it, so an id sent
 * to the exchange in an earlier run is never sent again.
 *
 * @example
 * ```ts
 * highestOrderSequence([{ clientOrderId: 'sma-cross-7' }, { clientOrderId: 'sma-cross-12' }]); // 12
 * ```
 */
export function highestOrderSequence(records: Iterable<{ readonly clientOrderId?: string | undefined }>): number {
  let highest = 0;
  for (const r of records) {
    const id = r.clientOrderId;
    if (id === undefined) continue;
    const match = /-(\d{1,12})(?:\.\d+)?$/.exec(id);
    if (match === null) continue;
    const n = Number(match[1]);
    if (n > highest) highest = n;
  }
  return highest;
}
