import { Decimal } from '@bot/core-types';
import type { OrderStatus } from '@bot/core-types';
import type { IcebergParent } from './parentOrders.js';
import { ParentRuntime } from './parentRuntime.js';
import type { ChildState } from './parentRuntime.js';

/** @internal Iceberg: one visible limit child of at most the display quantity at a time. */
export class IcebergRuntime extends ParentRuntime {
  readonly emulated = false;
  declare readonly spec: IcebergParent;
  /** Set when a child ended without filling: the next market event sends a new one (no tight retry loop). */
  private retryOnMarket = false;

  begin(): void {
    this.show();
  }

  private show(): void {
    if (!this.working || this.openCount !== 0) return;
    const left = this.spec.quantity.value.minus(this.committed());
    if (!left.gt(0)) return;
    this.retryOnMarket = false;
    const show = Decimal.min(this.spec.displayQuantity.value, left);
    const id = this.send({ role: 'display', type: 'limit', quantity: show, limitPrice: this.spec.limitPrice });
    if (id !== undefined || !this.working) return;
    // what is left is below the instrument's minimum: it can never be shown
    if (show.eq(left) && this.reason?.startsWith('child deferred') === true) this.finish('expired', `${left.toString()} left: ${this.reason}`);
    else this.retryOnMarket = true;
  }

  override onBar(): void {
    if (this.retryOnMarket) this.show();
  }

  override onTrade(): void {
    if (this.retryOnMarket) this.show();
  }

  protected override resume(): void {
    this.show();
  }

  protected childChanged(child: ChildState, _previous: OrderStatus): void {
    if (!this.working) return;
    if (this.filled().gte(this.spec.quantity.value)) {
      this.finish('completed');
      return;
    }
    if (child.status === 'filled') this.show();
    else if (child.status === 'canceled' || child.status === 'expired' || child.status === 'rejected') {
      if (!child.canceledByUs) this.retryOnMarket = true;
    }
  }
}
