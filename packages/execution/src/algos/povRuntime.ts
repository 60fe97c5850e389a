import { Decimal, roundToIncrement, timeframeToMs } from '@bot/core-types';
import type { Bar, OrderStatus, Trade } from '@bot/core-types';
import type { PovParent } from './parentOrders.js';
import { ParentRuntime } from './parentRuntime.js';
import type { ChildState } from './parentRuntime.js';

/** @internal Percentage of volume: committed quantity tracks `participation * observed volume`. */
export class PovRuntime extends ParentRuntime {
  readonly emulated = false;
  declare readonly spec: PovParent;
  /** Market volume observed since start (sum of the reported numbers). */
  observed = 0;
  /** Smallest gap worth an exact check: the larger of one lot and the minimum child. */
  private threshold = 0;
  private quantityNum = 0;
  private windowClosed = false;

  begin(): void {
    this.quantityNum = this.spec.quantity.toNumber();
    this.threshold = Math.max(this.instrument.lotSize.toNumber(), this.spec.minChildQuantity.toNumber());
    if (this.spec.endTime !== undefined) this.at(this.spec.endTime, () => this.closeWindow());
  }

  override onBar(bar: Bar): void {
    if (this.spec.volumeSource !== 'bars') return;
    // a bar counts when it lies inside the window
    if (this.spec.startTime !== undefined && bar.openTime < this.spec.startTime) return;
    if (this.spec.endTime !== undefined && bar.openTime + timeframeToMs(bar.timeframe) > this.spec.endTime) return;
    this.observe(bar.volume);
  }

  override onTrade(trade: Trade): void {
    if (this.spec.volumeSource !== 'trades') return;
    if (this.spec.startTime !== undefined && trade.time < this.spec.startTime) return;
    if (this.spec.endTime !== undefined && trade.time >= this.spec.endTime) return;
    this.observe(trade.quantity);
  }

  /** The most the parent may have filled or working now: participation * observed, down to the lot, capped. */
  allowance(): Decimal {
    const cap = roundToIncrement(new Decimal(this.observed).times(new Decimal(this.spec.participation)), this.instrument.lotSize, 'down');
    return Decimal.min(cap, this.spec.quantity.value);
  }

  private observe(volume: number): void {
    if (!this.working || this.windowClosed || !(volume > 0)) return;
    this.observed += volume;
    // float pre-check (no decimal work on bars that cannot produce a child); the decision itself is exact
    const committedNum = this.committedNumber();
    const roughGap = Math.min(this.observed * this.spec.participation, this.quantityNum) - committedNum;
    if (roughGap < Math.min(this.threshold, this.quantityNum - committedNum) * (1 - 1e-9)) return;
    const committed = this.committed();
    const gap = this.allowance().minus(committed);
    // the last child may be below the minimum: it is all that is left
    const last = gap.gte(this.spec.quantity.value.minus(committed));
    if (gap.gt(0) && (last || gap.gte(this.spec.minChildQuantity.value))) this.send({ role: 'slice', type: 'market', quantity: gap, timeInForce: 'IOC' });
  }

  private closeWindow(): void {
    this.windowClosed = true;
    this.checkDone();
  }

  protected childChanged(_child: ChildState, _previous: OrderStatus): void {
    this.checkDone();
  }

  private checkDone(): void {
    if (!this.working) return;
    const filled = this.filled();
    if (filled.gte(this.spec.quantity.value)) this.finish('completed');
    else if (this.windowClosed && this.openCount === 0) {
      this.finish('expired', `window ended with ${this.spec.quantity.value.minus(filled).toString()} unfilled`);
    }
  }
}
