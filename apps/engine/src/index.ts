/**
 * @packageDocumentation
 * The @bot trading engine as a library for the `bot` CLI: config loading, the engine, and the control socket.
 */
export { runEngine } from './runEngine.js';
export type { RunEngineOptions } from './runEngine.js';
export { TradingEngine } from './tradingEngine.js';
export type { EngineStartOptions, EngineLogger } from './tradingEngine.js';
export { loadEngineConfig, parseEngineConfig, credentialsFromEnv, EngineConfigError } from './config/loadEngineConfig.js';
export type { EngineConfig } from './config/engineConfigSchema.js';
export { sendControlCommand, controlSocketPath } from './control/controlSocket.js';
export type { ControlCommand, ControlReply } from './control/controlSocket.js';
export type { EngineStatus } from './engineStatus.js';
export { CcxtBarFeed } from './feeds/ccxtBarFeed.js';
export type { CcxtBarFeedOptions, CcxtBarFeedHealth } from './feeds/ccxtBarFeed.js';
