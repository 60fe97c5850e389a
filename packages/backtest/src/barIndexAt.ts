/**
 * @internal Index of the bar at or before `t` in ascending open times (binary search); 0 when `t` is before the first
 * bar. Used to place fills and trade markers on their bars.
 */
export function barIndexAt(openTime: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = openTime.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (openTime[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
