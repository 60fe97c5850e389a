/**
 * @packageDocumentation
 * Private test tooling: a local HTTP + WebSocket server that speaks a real exchange's API (Binance spot) with
 * scripted data and fault injection, so tests run real ccxt against 127.0.0.1 instead of mocking it.
 */
export { FakeServer } from './fakeServer.js';
export type { FakeRequest, FakeResponse, RouteHandler, Fault, LoggedRequest, FakeSocket, WsMessageHandler } from './fakeServer.js';
export { FakeBinance } from './fakeBinance.js';
export type { FakeMarket, FakeKline, FakeTrade } from './fakeBinance.js';
export { FakeBinanceOrders } from './fakeBinanceOrders.js';
export type { FakeBinanceOrdersOptions, FakeOrder, FakeFill, FakeOrderStatus } from './fakeBinanceOrders.js';
