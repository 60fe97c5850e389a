/**
 * @packageDocumentation
 * Hardware emergency stop for @bot: a latching GPIO kill switch (button, tamper input, LEDs, buzzer, dead man's
 * watchdog) that emits trading-mode requests for the risk gate and records every event in the audit trail.
 * Runs on a Raspberry Pi through the optional `onoff` package, and anywhere on simulated pins.
 */
export { KillSwitch } from './killSwitch.js';
export type {
  KillSwitchOptions,
  KillSwitchPins,
  KillSwitchCause,
  KillSwitchMode,
  KillSwitchStatus,
  TriggerCause,
  ResetOutcome,
} from './killSwitch.js';
export { EdgeDebouncer } from './edgeDebouncer.js';
export { SimulatedGpio } from './simulatedGpio.js';
export { OnoffGpio } from './onoffGpio.js';
export type { OnoffGpioOptions } from './onoffGpio.js';
export type { GpioBackend, GpioInput, GpioOutput, InputPinOptions, OutputPinOptions, PinEdge, PinLevel } from './gpioBackend.js';
