import { isTerminalOrderStatus } from '@bot/core-types';
import type { Bar, ClientOrderId, Decimal, OrderInput, OrderSide, OrderStatus, Price, Trade } from '@bot/core-types';
import type { BracketParent, OcoParent } from './parentOrders.js';
import { ParentRuntime } from './parentRuntime.js';
import type { ChildState, HostServices, ParentOrderId } from './parentRuntime.js';

interface Leg {
  readonly side: OrderSide;
  readonly type: 'limit' | 'stop' | 'stop-limit';
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
  readonly tag?: string;
  child?: ClientOrderId | undefined;
  /** Watched locally (an emulated stop). */
  armed: boolean;
}

/**
 * @internal OCO and bracket parents. Native when the venue supports them (kernel `submitOco` / `submitBracket`),
 * otherwise emulated: limit legs rest at the venue; stop legs rest there too when the venue has stop orders, else
 * the host watches the market and sends a market (stop) or limit (stop-limit) child when a closed bar's high/low
 * (or a trade) reaches the stop. The first leg with a fill (or the first triggered stop) wins: the host cancels the
 * other legs. Several stops reached by one bar: the first in leg order wins.
 */
export class LinkedRuntime extends ParentRuntime {
  declare readonly spec: OcoParent | BracketParent;
  readonly emulated: boolean;
  private legs: Leg[] = [];
  private legQuantity: Decimal | undefined;
  private winner = -1;
  private pendingTrigger = -1;
  private entry: ClientOrderId | undefined;

  constructor(id: ParentOrderId, spec: OcoParent | BracketParent, host: HostServices) {
    super(id, spec, host);
    const ctx = host.ctx();
    this.emulated = spec.kind === 'oco' ? !(host.capabilities.oco && typeof ctx.submitOco === 'function') : !(host.capabilities.bracket && typeof ctx.submitBracket === 'function');
  }

  begin(): void {
    const s = this.spec;
    if (s.kind === 'oco') {
      this.legs = s.legs.map((l) => ({ ...l, side: l.side ?? s.side, armed: false }));
      if (this.emulated) this.armLegs(s.quantity.value, s.reduceOnly);
      else this.sendNativeOco();
      return;
    }
    const exitSide: OrderSide = s.side === 'buy' ? 'sell' : 'buy';
    this.legs = [
      { side: exitSide, type: 'limit', limitPrice: s.takeProfitPrice, tag: 'take-profit', armed: false },
      s.stopLossLimitPrice === undefined
        ? { side: exitSide, type: 'stop', stopPrice: s.stopLossPrice, tag: 'stop-loss', armed: false }
        : { side: exitSide, type: 'stop-limit', stopPrice: s.stopLossPrice, limitPrice: s.stopLossLimitPrice, tag: 'stop-loss', armed: false },
    ];
    if (!this.emulated) return this.sendNativeBracket(s);
    this.entry = this.send({
      role: 'entry',
      type: s.entryType,
      quantity: s.quantity.value,
      ...(s.entryLimitPrice === undefined ? {} : { limitPrice: s.entryLimitPrice }),
      timeInForce: s.entryType === 'market' ? 'IOC' : 'GTC',
      tag: 'entry',
    });
    if (this.entry === undefined) this.finish('stopped', `entry not sent: ${this.reason ?? ''}`);
  }

  private input(l: Leg, quantity: Decimal, reduceOnly: boolean): OrderInput {
    return {
      symbol: this.spec.symbol,
      side: l.side,
      type: l.type,
      quantity: quantity.toString(),
      reduceOnly,
      timeInForce: 'GTC',
      ...(l.limitPrice === undefined ? {} : { limitPrice: l.limitPrice }),
      ...(l.stopPrice === undefined ? {} : { stopPrice: l.stopPrice }),
      tag: l.tag ?? this.spec.tag ?? this.id,
    };
  }

  private sendNativeOco(): void {
    const q = this.spec.quantity.value;
    this.legQuantity = q;
    if (this.held || this.host.ctx().mode !== 'normal') {
      // native legs go out as one group: only in normal mode (reduce-only groups also in reduce mode)
      if (!(this.host.ctx().mode === 'reduce' && this.spec.reduceOnly)) return this.finish('stopped', `trading mode ${this.host.ctx().mode}`);
    }
    const ids = this.host.ctx().submitOco(this.legs.map((l) => this.input(l, q, this.spec.reduceOnly)));
    ids.forEach((id, i) => {
      this.legs[i]!.child = id;
      this.track(id, `leg:${i}`, this.legs[i]!.type, this.legs[i]!.side, this.spec.reduceOnly, q, true);
    });
  }

  private sendNativeBracket(s: BracketParent): void {
    if (this.host.ctx().mode !== 'normal') return this.finish('stopped', `trading mode ${this.host.ctx().mode}`);
    const entry: OrderInput = {
      symbol: s.symbol,
      side: s.side,
      type: s.entryType,
      quantity: s.quantity,
      timeInForce: s.entryType === 'market' ? 'IOC' : 'GTC',
      ...(s.entryLimitPrice === undefined ? {} : { limitPrice: s.entryLimitPrice }),
      tag: 'entry',
    };
    const ids = this.host.ctx().submitBracket(entry, {
      takeProfit: { limitPrice: s.takeProfitPrice.value, tag: 'take-profit' },
      stopLoss: { stopPrice: s.stopLossPrice.value, ...(s.stopLossLimitPrice === undefined ? {} : { limitPrice: s.stopLossLimitPrice.value }), tag: 'stop-loss' },
    });
    this.entry = ids.entry;
    this.track(ids.entry, 'entry', s.entryType, s.side, false, s.quantity.value, true);
    this.track(ids.takeProfit, 'leg:0', 'limit', this.legs[0]!.side, true, s.quantity.value, false);
    this.track(ids.stopLoss, 'leg:1', this.legs[1]!.type, this.legs[1]!.side, true, s.quantity.value, false);
    this.legs[0]!.child = ids.takeProfit;
    this.legs[1]!.child = ids.stopLoss;
  }

  /** Emulation: resting legs go to the venue, stop legs without venue support are watched. */
  private armLegs(quantity: Decimal, reduceOnly: boolean): void {
    this.legQuantity = quantity;
    const counts = this.spec.kind === 'oco';
    this.legs.forEach((l, i) => {
      if (l.type === 'limit' || this.host.capabilities.stopOrders) {
        l.child = this.send({
          role: `leg:${i}`,
          side: l.side,
          type: l.type,
          quantity,
          reduceOnly,
          counts,
          capAtRemaining: false,
          ...(l.limitPrice === undefined ? {} : { limitPrice: l.limitPrice }),
          ...(l.stopPrice === undefined ? {} : { stopPrice: l.stopPrice }),
          ...(l.tag === undefined ? {} : { tag: l.tag }),
        });
        if (l.child === undefined) l.armed = l.type !== 'limit';
      } else l.armed = true;
    });
  }

  override onBar(bar: Bar): void {
    this.watch(bar.high, bar.low);
  }

  override onTrade(trade: Trade): void {
    this.watch(trade.price, trade.price);
  }

  private watch(high: number, low: number): void {
    if (!this.working || !this.emulated) return;
    if (this.pendingTrigger >= 0) return this.fire(this.pendingTrigger);
    if (this.winner >= 0) return;
    for (let i = 0; i < this.legs.length; i++) {
      const l = this.legs[i]!;
      if (!l.armed) continue;
      const stop = l.stopPrice!.toNumber();
      if (l.side === 'buy' ? high >= stop : low <= stop) {
        this.win(i);
        this.fire(i);
        return;
      }
    }
  }

  /** Leg `i` won: disarm and cancel every other leg. */
  private win(i: number): void {
    this.winner = i;
    this.legs.forEach((l, j) => {
      if (j === i) return;
      l.armed = false;
      const c = l.child === undefined ? undefined : this.children.get(l.child);
      if (c !== undefined) this.cancelChild(c);
    });
  }

  /** Sends the triggered stop leg's market / limit child (retried at the next market event when held). */
  private fire(i: number): void {
    const l = this.legs[i]!;
    l.armed = false;
    const reduceOnly = this.spec.kind === 'bracket' || this.spec.reduceOnly;
    const id = this.send({
      role: `leg:${i}`,
      side: l.side,
      type: l.type === 'stop-limit' ? 'limit' : 'market',
      quantity: this.legQuantity!,
      reduceOnly,
      counts: this.spec.kind === 'oco',
      capAtRemaining: false,
      timeInForce: l.type === 'stop-limit' ? 'GTC' : 'IOC',
      ...(l.type === 'stop-limit' ? { limitPrice: l.limitPrice! } : {}),
      tag: l.tag ?? 'stop',
    });
    this.pendingTrigger = id === undefined ? i : -1;
    if (id !== undefined) l.child = id;
  }

  protected childChanged(child: ChildState, _previous: OrderStatus): void {
    if (!this.working) return;
    if (child.id === this.entry) return this.entryChanged(child);
    const i = this.legs.findIndex((l) => l.child === child.id);
    if (i < 0) return;
    if (this.winner < 0 && child.filled.gt(0)) this.win(i);
    if (this.winner === i && isTerminalOrderStatus(child.status)) {
      if (child.filled.gte(this.legQuantity ?? child.quantity)) this.finish('completed', `${this.legs[i]!.tag ?? `leg ${i}`} filled`);
      else if (this.pendingTrigger < 0) this.finish('expired', `${this.legs[i]!.tag ?? `leg ${i}`} ended after ${child.filled.toString()} filled`);
      return;
    }
    if (this.winner < 0 && this.pendingTrigger < 0 && this.legs.every((l) => !l.armed && (l.child === undefined || isTerminalOrderStatus(this.children.get(l.child)!.status)))) {
      this.finish('expired', 'every leg ended without a fill');
    }
  }

  private entryChanged(child: ChildState): void {
    if (!isTerminalOrderStatus(child.status)) return;
    if (!child.filled.gt(0)) {
      this.finish(child.status === 'canceled' && child.canceledByUs ? 'canceled' : 'expired', `entry ${child.status} without a fill`);
      return;
    }
    if (this.emulated) this.armLegs(child.filled, true);
  }
}
