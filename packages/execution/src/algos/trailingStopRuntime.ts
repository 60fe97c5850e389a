import { Decimal } from '@bot/core-types';
import type { Bar, OrderStatus, Trade } from '@bot/core-types';
import type { TrailingStopParent } from './parentOrders.js';
import { ParentRuntime } from './parentRuntime.js';
import type { ChildState } from './parentRuntime.js';

/**
 * @internal A trailing stop: native when the venue has one, else emulated. Emulation on a closed bar (the host
 * only learns a bar's path after it closed, and not the order of its high and low): first the low (sell) / high
 * (buy) is tested against the stop set by the extreme before the bar; if untouched, the extreme moves to the bar's
 * high (sell) / low (buy) and the close is tested against the new stop (the close came after the high). On a trade:
 * the extreme moves, then the price is tested.
 */
export class TrailingStopRuntime extends ParentRuntime {
  declare readonly spec: TrailingStopParent;
  readonly emulated = !this.host.capabilities.trailingStop;
  /** Best price since start (highest for a sell stop, lowest for a buy stop); NaN until known. */
  extreme = Number.NaN;
  triggered = false;

  begin(): void {
    if (!this.emulated) {
      this.send({
        role: 'native',
        type: 'trailing-stop',
        quantity: this.spec.quantity.value,
        trailingOffset: this.spec.trailingOffset,
        trailingOffsetType: this.spec.trailingOffsetType,
      });
      return;
    }
    this.extreme = this.spec.referencePrice ?? this.host.lastPrice(this.spec.symbol) ?? Number.NaN;
  }

  /** The stop level for an extreme. */
  stopFor(extreme: number): number {
    const off = this.spec.trailingOffset.toNumber();
    const sell = this.spec.side === 'sell';
    if (this.spec.trailingOffsetType === 'bps') return extreme * (1 + ((sell ? -1 : 1) * off) / 10_000);
    return sell ? extreme - off : extreme + off;
  }

  override onBar(bar: Bar): void {
    if (!this.emulated || !this.working) return;
    if (this.triggered) return this.fire();
    const sell = this.spec.side === 'sell';
    if (Number.isNaN(this.extreme)) this.extreme = bar.open;
    if (sell ? bar.low <= this.stopFor(this.extreme) : bar.high >= this.stopFor(this.extreme)) return this.trigger();
    this.extreme = sell ? Math.max(this.extreme, bar.high) : Math.min(this.extreme, bar.low);
    if (sell ? bar.close <= this.stopFor(this.extreme) : bar.close >= this.stopFor(this.extreme)) this.trigger();
  }

  override onTrade(trade: Trade): void {
    if (!this.emulated || !this.working) return;
    if (this.triggered) return this.fire();
    const sell = this.spec.side === 'sell';
    const p = trade.price;
    this.extreme = Number.isNaN(this.extreme) ? p : sell ? Math.max(this.extreme, p) : Math.min(this.extreme, p);
    if (sell ? p <= this.stopFor(this.extreme) : p >= this.stopFor(this.extreme)) this.trigger();
  }

  private trigger(): void {
    this.triggered = true;
    this.fire();
  }

  /** Sends the market child (again after a mode hold or a rejection, at the next market event). */
  private fire(): void {
    if (this.openCount !== 0) return;
    const left = this.spec.quantity.value.minus(this.committed());
    if (left.gt(new Decimal(0))) this.send({ role: 'trigger', type: 'market', quantity: left, timeInForce: 'IOC' });
  }

  protected childChanged(child: ChildState, _previous: OrderStatus): void {
    if (!this.working) return;
    const filled = this.filled();
    if (filled.gte(this.spec.quantity.value)) return this.finish('completed');
    if (child.status === 'canceled' && !this.emulated && child.canceledByUs === false) this.finish('canceled', 'native trailing stop canceled by the venue');
    else if (this.emulated && this.openCount === 0 && filled.gt(0) && child.status !== 'rejected' && this.spec.reduceOnly) {
      // a reduce-only trigger clipped to the position: nothing left to protect
      if (this.host.ctx().position(this.spec.symbol).quantity.isZero()) this.finish('completed', 'position closed');
    }
  }
}
