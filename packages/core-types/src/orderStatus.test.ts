import { describe, expect, it } from 'vitest';
import fc from '../test/fc.js';
import { InvalidTransitionError } from './errors.js';
import {
  ORDER_STATUSES,
  canTransitionOrder,
  isOpenOrderStatus,
  isTerminalOrderStatus,
  transitionOrder,
  type OrderStatus,
} from './orderStatus.js';

/**
 * The legal order transitions, written independently of the implementation from the lifecycle
 * new -> submitted -> accepted -> partially-filled -> filled | canceled | rejected | expired.
 * Rows are `from`, columns are `to`, in this order:
 *   new, submitted, accepted, partially-filled, filled, canceled, rejected, expired
 */
const ORDER: readonly OrderStatus[] = ['new', 'submitted', 'accepted', 'partially-filled', 'filled', 'canceled', 'rejected', 'expired'];
const LEGAL: Readonly<Record<OrderStatus, string>> = {
  //                  n s a p f c r e
  new: /*          */ '0 1 0 0 0 1 1 0', // sent, or refused/canceled locally before it reached the venue
  submitted: /*    */ '0 0 1 1 1 1 1 1', // the venue may fill before it acknowledges
  accepted: /*     */ '0 0 0 1 1 1 0 1',
  'partially-filled': '0 0 0 1 1 1 0 1', // more partial fills are legal
  filled: /*       */ '0 0 0 0 0 0 0 0',
  canceled: /*     */ '0 0 0 0 0 0 0 0',
  rejected: /*     */ '0 0 0 0 0 0 0 0',
  expired: /*      */ '0 0 0 0 0 0 0 0',
};
const isLegal = (from: OrderStatus, to: OrderStatus): boolean =>
  LEGAL[from].split(' ')[ORDER.indexOf(to)] === '1';

describe('order state machine', () => {
  it('lists the eight statuses in lifecycle order', () => {
    expect(ORDER_STATUSES).toEqual(ORDER);
  });

  it('accepts exactly the legal transitions (all 64 pairs)', () => {
    let legal = 0;
    for (const from of ORDER) {
      for (const to of ORDER) {
        expect(canTransitionOrder(from, to), `${from} -> ${to}`).toBe(isLegal(from, to));
        if (isLegal(from, to)) {
          expect(transitionOrder(from, to)).toBe(to);
          legal++;
        } else {
          expect(() => transitionOrder(from, to)).toThrow(InvalidTransitionError);
        }
      }
    }
    expect(legal).toBe(17);
  });

  it('reports a refused transition with code, from and to', () => {
    try {
      transitionOrder('filled', 'canceled');
      expect.unreachable();
    } catch (e) {
      const err = e as InvalidTransitionError;
      expect(err.code).toBe('INVALID_TRANSITION');
      expect(err.retryable).toBe(false);
      expect(err.from).toBe('filled');
      expect(err.to).toBe('canceled');
      expect(err.message).toBe('order: illegal transition filled -> canceled');
    }
  });

  it('terminal statuses are exactly filled, canceled, rejected, expired; open ones can still fill', () => {
    for (const s of ORDER) {
      expect(isTerminalOrderStatus(s)).toBe(['filled', 'canceled', 'rejected', 'expired'].includes(s));
      expect(isOpenOrderStatus(s)).toBe(['submitted', 'accepted', 'partially-filled'].includes(s));
    }
  });

  it('random event sequences: legal steps advance, illegal ones throw and leave the state unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER), { maxLength: 40 }), (attempts) => {
        let state: OrderStatus = 'new';
        const path: OrderStatus[] = [state];
        for (const to of attempts) {
          if (isLegal(state, to)) {
            state = transitionOrder(state, to);
            path.push(state);
          } else {
            expect(() => transitionOrder(state, to)).toThrow(InvalidTransitionError);
          }
        }
        // every path is a prefix of the lifecycle: never back to new, nothing after a terminal status
        expect(path.slice(1)).not.toContain('new');
        const terminalAt = path.findIndex((s) => isTerminalOrderStatus(s));
        if (terminalAt >= 0) expect(terminalAt).toBe(path.length - 1);
        // accepted never follows a fill
        const firstFill = path.findIndex((s) => s === 'partially-filled' || s === 'filled');
        if (firstFill >= 0) expect(path.slice(firstFill)).not.toContain('accepted');
      }),
    );
  });
});
