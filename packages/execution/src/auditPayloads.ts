import type { Fill, JsonValue, Order, OrderRequest, RiskDecision } from '@bot/core-types';

/** JSON form of an order request for the audit trail (decimals as strings). */
export function requestJson(r: OrderRequest): JsonValue {
  const out: Record<string, JsonValue> = {
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    quantity: r.quantity.toString(),
    timeInForce: r.timeInForce,
    postOnly: r.postOnly,
    reduceOnly: r.reduceOnly,
  };
  if ('limitPrice' in r) out['limitPrice'] = r.limitPrice.toString();
  if ('stopPrice' in r) out['stopPrice'] = r.stopPrice.toString();
  if (r.type === 'trailing-stop') {
    out['trailingOffset'] = r.trailingOffset.toString();
    out['trailingOffsetType'] = r.trailingOffsetType;
  }
  if (r.expireTime !== undefined) out['expireTime'] = r.expireTime;
  if (r.tag !== undefined) out['tag'] = r.tag;
  return out;
}

/** JSON form of an order's state. */
export function orderJson(o: Order): JsonValue {
  return {
    clientOrderId: o.clientOrderId,
    status: o.status,
    filledQuantity: o.filledQuantity.toString(),
    averageFillPrice: o.averageFillPrice === undefined ? null : o.averageFillPrice.toString(),
    reason: o.reason ?? null,
    updatedAt: o.updatedAt,
  };
}

/** JSON form of a fill. */
export function fillJson(f: Fill): JsonValue {
  return {
    fillId: f.fillId,
    clientOrderId: f.clientOrderId,
    symbol: f.symbol,
    side: f.side,
    quantity: f.quantity.toString(),
    price: f.price.toString(),
    fee: f.fee.amount.toString(),
    feeCurrency: f.fee.currency,
    liquidity: f.liquidity,
    time: f.time,
  };
}

/** JSON form of a risk decision. */
export function decisionJson(d: RiskDecision): JsonValue {
  return {
    kind: d.kind,
    ...(d.kind === 'resize' ? { quantity: d.quantity.toString() } : {}),
    reasons: d.reasons.map((r) => ({
      code: r.code,
      message: r.message,
      ...(r.limit === undefined ? {} : { limit: r.limit }),
      ...(r.value === undefined ? {} : { value: r.value }),
    })),
  };
}
