import { InvalidTransitionError } from './errors.js';

/**
 * Lifecycle of an order:
 * `new -> submitted -> accepted -> partially-filled -> filled | canceled | rejected | expired`.
 * `filled`, `canceled`, `rejected` and `expired` are terminal.
 */
export type OrderStatus =
  | 'new'
  | 'submitted'
  | 'accepted'
  | 'partially-filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired';

/** All statuses, in lifecycle order. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'new',
  'submitted',
  'accepted',
  'partially-filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
];

/**
 * The legal transitions, and only those:
 * - `new` -> `submitted` (sent to the venue), `rejected` (refused locally, e.g. by the risk gate), `canceled`.
 * - `submitted` -> `accepted`, `rejected`, `canceled`, `expired`, and directly `partially-filled`/`filled`
 *   (venues may report an immediate fill before or instead of an acknowledgement).
 * - `accepted` -> `partially-filled`, `filled`, `canceled`, `expired`.
 * - `partially-filled` -> `partially-filled` (another partial fill), `filled`, `canceled`, `expired`.
 * - terminal states -> nothing.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['submitted', 'rejected', 'canceled'],
  submitted: ['accepted', 'partially-filled', 'filled', 'rejected', 'canceled', 'expired'],
  accepted: ['partially-filled', 'filled', 'canceled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'canceled', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
};

/** True when `from -> to` is a legal order transition. */
export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/**
 * Returns `to` when `from -> to` is legal.
 * @throws InvalidTransitionError otherwise (code `INVALID_TRANSITION`).
 */
export function transitionOrder(from: OrderStatus, to: OrderStatus): OrderStatus {
  if (!canTransitionOrder(from, to)) throw new InvalidTransitionError('order', from, to);
  return to;
}

/** True for `filled`, `canceled`, `rejected`, `expired`. */
export function isTerminalOrderStatus(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

/** True while an order can still fill: `submitted`, `accepted`, `partially-filled`. */
export function isOpenOrderStatus(status: OrderStatus): boolean {
  return status === 'submitted' || status === 'accepted' || status === 'partially-filled';
}
