import { Decimal, Price } from '@bot/core-types';
import type { OrderStatus } from '@bot/core-types';
import type { TwapParent, VwapParent } from './parentOrders.js';
import { ParentRuntime } from './parentRuntime.js';
import type { ChildState, HostServices, ParentOrderId } from './parentRuntime.js';
import { sliceSchedule } from './sliceSchedule.js';
import type { SliceSchedule } from './sliceSchedule.js';
import { profileWeights } from './volumeProfile.js';

/** @internal TWAP and VWAP: children at slice times, sized to catch up with the cumulative plan. */
export class ScheduledRuntime extends ParentRuntime {
  readonly emulated = false;
  readonly schedule: SliceSchedule;
  private next = 0;
  private lastSliceDone = false;
  private windowClosed = false;
  declare readonly spec: TwapParent | VwapParent;

  constructor(id: ParentOrderId, spec: TwapParent | VwapParent, host: HostServices) {
    super(id, spec, host);
    const weights =
      spec.kind === 'twap'
        ? new Float64Array(spec.slices).fill(1 / spec.slices)
        : profileWeights(spec.volumeProfile, spec.startTime, spec.endTime, spec.slices);
    this.schedule = sliceSchedule(spec.quantity, spec.startTime, spec.endTime, weights, this.instrument.lotSize);
  }

  begin(): void {
    this.at(this.schedule.times[0]!, () => this.slice(0));
  }

  private slice(i: number): void {
    // a limit child lives for one slice; its unfilled part is caught up from here on
    if (this.spec.limitOffsetBps !== undefined) this.cancelOpen((c) => c.role === 'slice');
    // after the cancel confirmations a synchronous venue has already queued (a live venue's arrive later: what
    // they still hold is caught up at the following slice)
    this.host.run(() => {
      if (this.working) this.sendDue(i);
    });
  }

  private sendDue(i: number): void {
    const due = this.schedule.cumulative[i]!.value.minus(this.committed());
    if (due.gt(0)) this.sendSlice(due);
    if (i + 1 < this.schedule.times.length) {
      this.at(this.schedule.times[i + 1]!, () => this.slice(i + 1));
    } else {
      this.lastSliceDone = true;
      this.at(this.spec.endTime, () => this.closeWindow());
    }
    this.next = i + 1;
    this.checkDone();
  }

  private sendSlice(quantity: Decimal): void {
    const bps = this.spec.limitOffsetBps;
    if (bps === undefined) {
      this.send({ role: 'slice', type: 'market', quantity, timeInForce: 'IOC' });
      return;
    }
    const last = this.host.lastPrice(this.spec.symbol);
    if (last === undefined) {
      this.reason = 'limit slice deferred: no price seen yet';
      return;
    }
    const buy = this.spec.side === 'buy';
    const raw = new Decimal(last).times(new Decimal(1).plus(new Decimal(bps).div(10_000).times(buy ? 1 : -1)));
    // never a worse price than the offset allows: buy limits round down, sell limits up
    const limitPrice = Price.of(raw).roundToTick(this.instrument.tickSize, buy ? 'down' : 'up');
    this.send({ role: 'slice', type: 'limit', quantity, limitPrice, timeInForce: 'GTC' });
  }

  private closeWindow(): void {
    this.windowClosed = true;
    this.cancelOpen((c) => c.role === 'slice' && this.spec.limitOffsetBps !== undefined);
    this.checkDone();
  }

  /** Slices already started (for tests and progress). */
  get slicesStarted(): number {
    return this.next;
  }

  protected childChanged(_child: ChildState, _previous: OrderStatus): void {
    this.checkDone();
  }

  private checkDone(): void {
    if (!this.working) return;
    const filled = this.filled();
    if (filled.gte(this.spec.quantity.value)) {
      this.finish('completed');
      return;
    }
    if ((this.lastSliceDone || this.windowClosed) && this.openCount === 0 && (this.windowClosed || this.spec.limitOffsetBps === undefined)) {
      this.finish('expired', `schedule ended with ${this.spec.quantity.value.minus(filled).toString()} unfilled${this.reason === undefined ? '' : ` (last: ${this.reason})`}`);
    }
  }
}
