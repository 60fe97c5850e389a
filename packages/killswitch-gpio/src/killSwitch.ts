import { Subject } from 'rxjs/internal/Subject';
import type { Observable } from 'rxjs';
import { BotError, TradingMode, tradingModeSeverity } from '@bot/core-types';
import type { AuditSink, Clock, JsonValue, ModeChangeRequest, TimerHandle } from '@bot/core-types';
import { EdgeDebouncer } from './edgeDebouncer.js';
import type { GpioBackend, GpioInput, GpioOutput, PinLevel } from './gpioBackend.js';

/** What made the switch trip. */
export type KillSwitchCause = 'button' | 'watchdog' | 'tamper' | 'command' | 'gpio-fault';

/** The mode a trigger requests: `emergency` (cancel and flatten) or `pause` (soft stop: no new orders). */
export type KillSwitchMode = typeof TradingMode.Emergency | typeof TradingMode.Pause;

/** BCM pin numbers of the kill switch hardware. Only `button` is required. */
export interface KillSwitchPins {
  /** Emergency-stop button input. */
  readonly button: number;
  /** Tamper input (enclosure lid switch / seal loop). */
  readonly tamper?: number;
  /** Green LED: armed, trading allowed. */
  readonly green?: number;
  /** Yellow LED: paused / reduced. */
  readonly yellow?: number;
  /** Red LED: emergency. */
  readonly red?: number;
  /** Active buzzer (driven on/off). */
  readonly buzzer?: number;
}

/** Options of {@link KillSwitch}. Durations in ms of Clock time. */
export interface KillSwitchOptions {
  readonly gpio: GpioBackend;
  readonly clock: Clock;
  /** Every trigger, reset, refused reset, tamper change and watchdog expiry is recorded here (type `kill-switch`). */
  readonly audit: AuditSink;
  readonly pins: KillSwitchPins;
  /** Button pulls the pin low when pressed (button to GND, pull-up). Default true. */
  readonly buttonActiveLow?: boolean;
  /**
   * Tamper input reads low while intact (normally-closed loop to GND, pull-up): an opened lid or a cut wire reads
   * high = tampered. Default false (i.e. high = tampered).
   */
  readonly tamperActiveLow?: boolean;
  /** Mode requested by a button press. Default `emergency`; `pause` for a soft stop. */
  readonly buttonMode?: KillSwitchMode;
  /** Mode requested on watchdog expiry, tamper and GPIO faults. Default `emergency`. */
  readonly faultMode?: KillSwitchMode;
  /** Debounce lockout (immediate trigger on the first edge, then ignore bounce for this long). Default 50. */
  readonly debounceMs?: number;
  /** Holding the button this long while triggered resets the switch (after the cooldown). Default 3000. */
  readonly longPressMs?: number;
  /** No reset until this long after the trigger. Default 30000. */
  readonly cooldownMs?: number;
  /** Dead man's switch: trigger when no {@link KillSwitch.heartbeat} for longer than this. Undefined = off. */
  readonly heartbeatTimeoutMs?: number;
  /** Buzzer sounds this long after a trigger. Default 2000; 0 = silent. */
  readonly buzzerMs?: number;
  /** LED of the latched mode blinks with this half-period until the cooldown has passed, then stays on. Default 250; 0 = steady. */
  readonly blinkMs?: number;
  /** `source` of the mode requests and `actor` of audit records. Default `killswitch`. */
  readonly source?: string;
  /**
   * Called when the audit sink throws (disk full, closed sink). The switch still latches, emits and drives the
   * LEDs first. Default: rethrow asynchronously (an uncaught exception: an unauditable trading process should stop).
   */
  readonly onAuditError?: (error: unknown) => void;
}

/** One reason the switch is triggered. */
export interface TriggerCause {
  readonly cause: KillSwitchCause;
  readonly time: number;
  readonly detail: string;
}

/** Where the switch stands. */
export type KillSwitchStatus =
  | { readonly state: 'stopped' }
  | { readonly state: 'armed' }
  | {
      readonly state: 'triggered';
      readonly mode: KillSwitchMode;
      readonly since: number;
      readonly causes: readonly TriggerCause[];
      /** Clock time from which a reset may be accepted. */
      readonly resetAllowedAt: number;
    };

/** Result of a reset attempt: refusals are values with a reason, not throws. */
export type ResetOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly retryInMs?: number };

interface Latch {
  mode: KillSwitchMode;
  since: number;
  causes: TriggerCause[];
}

/**
 * A latching hardware kill switch: emergency-stop button, tamper input, status LEDs, buzzer and a dead man's
 * watchdog. It never talks to venues: it emits {@link ModeChangeRequest}s on {@link KillSwitch.modeRequests}
 * (wire them into the risk gate's `requestMode`, which enforces the mode on every order) and records every event
 * in the audit trail.
 *
 * Behaviour:
 * - A button press (debounced: immediate on the first edge, then a lockout), a tamper change, a watchdog expiry,
 *   a GPIO fault or {@link KillSwitch.trigger} latches the switch and requests `emergency` (or `pause` for the
 *   button when `buttonMode: 'pause'`). A later cause of higher severity escalates the latched mode; other
 *   causes while latched are audited only. Only one latch exists at a time.
 * - Reset needs a deliberate act: {@link KillSwitch.reset} (operator command) or holding the button for
 *   `longPressMs` with a press that *started while latched* (the press that triggered never resets). Resets are
 *   refused, with a reason, before `cooldownMs` after the trigger, while the tamper input is active, while the
 *   button is held (command reset), and when the watchdog sees no heartbeat. A successful reset requests `normal`.
 * - LEDs: green = armed; red (emergency) or yellow (pause) = triggered, blinking during the cooldown and steady
 *   once a reset is possible. The buzzer sounds for `buzzerMs` after a trigger.
 *
 * The mode request is emitted before anything else (audit, LEDs, buzzer) so that the edge-to-gate latency is not
 * spent on I/O. Subscribe before {@link KillSwitch.start}; late subscribers can read {@link KillSwitch.status}.
 *
 * @example
 * ```ts
 * const sw = new KillSwitch({ gpio, clock, audit, pins: { button: 17, tamper: 27, green: 22, yellow: 23, red: 24, buzzer: 25 },
 *   heartbeatTimeoutMs: 5000 });
 * sw.modeRequests.subscribe((r) => riskGate.requestMode(r));
 * sw.start();
 * setInterval(() => sw.heartbeat(), 1000); // from the trading loop
 * ```
 */
export class KillSwitch {
  private readonly subject = new Subject<ModeChangeRequest>();
  /** Mode requests for the risk gate, in order. Completes on {@link KillSwitch.stop}. */
  readonly modeRequests: Observable<ModeChangeRequest> = this.subject.asObservable();

  private readonly clock: Clock;
  private readonly source: string;
  private readonly cooldownMs: number;
  private readonly longPressMs: number;
  private readonly debounceMs: number;
  private readonly buzzerMs: number;
  private readonly blinkMs: number;
  private readonly heartbeatTimeoutMs: number | undefined;
  private started = false;
  private stopped = false;
  private latch: Latch | undefined;
  private button: GpioInput | undefined;
  private tamper: GpioInput | undefined;
  private buttonDebouncer: EdgeDebouncer | undefined;
  private tamperDebouncer: EdgeDebouncer | undefined;
  private outputs: { green?: GpioOutput; yellow?: GpioOutput; red?: GpioOutput; buzzer?: GpioOutput } = {};
  private readonly unwatch: (() => void)[] = [];
  private pressStartedWhileLatched = false;
  private longPressTimer: TimerHandle | undefined;
  private buzzerTimer: TimerHandle | undefined;
  private blinkTimer: TimerHandle | undefined;
  private blinkOn = true;
  private watchdogTimer: TimerHandle | undefined;
  private lastHeartbeat = 0;
  private watchdogExpired = false;
  private shownMode: TradingMode = TradingMode.Normal;

  /** @throws BotError `CONFIG` for non-positive durations or a pin used twice. */
  constructor(private readonly options: KillSwitchOptions) {
    this.clock = options.clock;
    this.source = options.source ?? 'killswitch';
    this.cooldownMs = nonNegative(options.cooldownMs ?? 30_000, 'cooldownMs');
    this.longPressMs = positive(options.longPressMs ?? 3000, 'longPressMs');
    this.debounceMs = nonNegative(options.debounceMs ?? 50, 'debounceMs');
    this.buzzerMs = nonNegative(options.buzzerMs ?? 2000, 'buzzerMs');
    this.blinkMs = nonNegative(options.blinkMs ?? 250, 'blinkMs');
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs === undefined ? undefined : positive(options.heartbeatTimeoutMs, 'heartbeatTimeoutMs');
    const used = Object.entries(options.pins).filter(([, v]) => v !== undefined);
    const seen = new Map<number, string>();
    for (const [name, pin] of used) {
      const other = seen.get(pin as number);
      if (other !== undefined) throw new BotError('CONFIG', `kill switch pins.${name} and pins.${other} both use GPIO ${pin}`);
      seen.set(pin as number, name);
    }
  }

  /** Current state (for late subscribers, dashboards and `bot status`). */
  get status(): KillSwitchStatus {
    if (!this.started || this.stopped) return { state: 'stopped' };
    if (this.latch === undefined) return { state: 'armed' };
    return {
      state: 'triggered',
      mode: this.latch.mode,
      since: this.latch.since,
      causes: [...this.latch.causes],
      resetAllowedAt: this.latch.since + this.cooldownMs,
    };
  }

  /**
   * Opens the pins, starts watching and arms the watchdog. If the tamper input is already active, or the button
   * is already held, the switch triggers at once (fail safe).
   * @throws BotError `CONFIG` from the GPIO backend (e.g. "GPIO not accessible").
   */
  start(): void {
    if (this.started) throw new BotError('INVALID_ARGUMENT', 'kill switch already started');
    this.started = true;
    const { gpio, pins } = this.options;
    try {
      for (const name of ['green', 'yellow', 'red', 'buzzer'] as const) {
        const pin = pins[name];
        if (pin !== undefined) this.outputs[name] = gpio.openOutput(pin, { initial: 0 });
      }

      const button = gpio.openInput(pins.button, { edge: 'both', activeLow: this.options.buttonActiveLow ?? true });
      this.button = button;
      this.buttonDebouncer = new EdgeDebouncer(this.clock, this.debounceMs, () => button.read(), (active, time) => this.onButton(active, time));
      const buttonDebouncer = this.buttonDebouncer;
      this.unwatch.push(button.watch((v) => buttonDebouncer.edge(v), (e) => this.onGpioFault('button', e)));

      if (pins.tamper !== undefined) {
        const tamper = gpio.openInput(pins.tamper, { edge: 'both', activeLow: this.options.tamperActiveLow ?? false });
        this.tamper = tamper;
        this.tamperDebouncer = new EdgeDebouncer(this.clock, this.debounceMs, () => tamper.read(), (active, time) => this.onTamper(active, time));
        const tamperDebouncer = this.tamperDebouncer;
        this.unwatch.push(tamper.watch((v) => tamperDebouncer.edge(v), (e) => this.onGpioFault('tamper', e)));
      }
    } catch (error) {
      // Release whatever was opened, so that a corrected start (or the simulated backend) can use the pins.
      for (const u of this.unwatch.splice(0)) u();
      this.buttonDebouncer?.dispose();
      this.tamperDebouncer?.dispose();
      this.button?.unexport();
      this.tamper?.unexport();
      for (const o of Object.values(this.outputs)) o?.unexport();
      this.button = undefined;
      this.tamper = undefined;
      this.outputs = {};
      this.started = false;
      throw error;
    }
    this.auditEvent({ event: 'started', backend: gpio.name, pins: { ...pins } as unknown as JsonValue, heartbeatTimeoutMs: this.heartbeatTimeoutMs ?? null, cooldownMs: this.cooldownMs });
    this.lastHeartbeat = this.clock.now(); // grace period: a full timeout from start
    this.armWatchdog();
    this.showLeds();
    if (this.tamper?.read() === 1) this.fire('tamper', 'tamper input active at start');
    if (this.button?.read() === 1) this.fire('button', 'button held at start');
  }

  /** Tells the dead man's switch that the trading process is alive. Cheap: call it from the main loop. */
  heartbeat(): void {
    this.lastHeartbeat = this.clock.now();
  }

  /**
   * Software trigger (operator `bot kill`, engine self-check): latches like a button press.
   * @param actor who asks, e.g. `operator:alice`.
   * @param mode default `emergency`.
   */
  trigger(actor: string, reason: string, mode: KillSwitchMode = TradingMode.Emergency): void {
    this.assertRunning();
    this.fire('command', `${actor}: ${reason}`, mode);
  }

  /**
   * Operator reset. Refused (and audited) before the cooldown, while tamper is active, while the button is held,
   * or while the watchdog sees no heartbeat.
   * @param operator who resets, e.g. `operator:alice`.
   */
  reset(operator: string): ResetOutcome {
    this.assertRunning();
    return this.tryReset(operator, 'command');
  }

  /**
   * Reflects the risk gate's current mode on the LEDs while the switch is armed (yellow for pause/reduce, red for
   * an emergency requested by someone else). Does not change any mode.
   */
  showMode(mode: TradingMode): void {
    this.shownMode = mode;
    if (this.started && !this.stopped) this.showLeds();
  }

  /** Releases the pins and timers, turns outputs off, and completes {@link KillSwitch.modeRequests}. */
  stop(): void {
    if (!this.started || this.stopped) return;
    this.stopped = true;
    for (const u of this.unwatch) u();
    this.buttonDebouncer?.dispose();
    this.tamperDebouncer?.dispose();
    for (const t of [this.longPressTimer, this.buzzerTimer, this.blinkTimer, this.watchdogTimer]) if (t !== undefined) this.clock.clearTimer(t);
    this.button?.unexport();
    this.tamper?.unexport();
    for (const o of Object.values(this.outputs)) o?.unexport();
    this.auditEvent({ event: 'stopped', latched: this.latch !== undefined });
    this.subject.complete();
  }

  private assertRunning(): void {
    if (!this.started || this.stopped) throw new BotError('INVALID_ARGUMENT', 'kill switch is not running (call start())');
  }

  private onButton(active: boolean, time: number): void {
    if (active) {
      if (this.latch === undefined) {
        this.pressStartedWhileLatched = false;
        this.fire('button', 'emergency-stop button pressed', this.options.buttonMode ?? TradingMode.Emergency);
        return;
      }
      this.pressStartedWhileLatched = true;
      this.auditEvent({ event: 'press-while-triggered', time });
      if (this.longPressTimer !== undefined) this.clock.clearTimer(this.longPressTimer);
      this.longPressTimer = this.clock.setTimer(() => {
        this.longPressTimer = undefined;
        if (this.buttonDebouncer?.active === true && this.pressStartedWhileLatched && this.latch !== undefined) {
          this.tryReset('button:long-press', 'long-press');
        }
      }, this.longPressMs);
    } else {
      this.pressStartedWhileLatched = false;
      if (this.longPressTimer !== undefined) {
        this.clock.clearTimer(this.longPressTimer);
        this.longPressTimer = undefined;
        if (this.latch !== undefined) this.auditEvent({ event: 'short-press-ignored', time, note: `hold ${this.longPressMs} ms to reset` });
      }
    }
  }

  private onTamper(active: boolean, time: number): void {
    this.auditEvent({ event: 'tamper', state: active ? 'tampered' : 'intact', time });
    this.fire('tamper', active ? 'tamper input became active (enclosure opened or loop cut)' : 'tamper input changed back to intact');
  }

  private onGpioFault(pin: string, error: Error): void {
    this.fire('gpio-fault', `GPIO fault on the ${pin} input: ${error.message}`);
  }

  private fire(cause: KillSwitchCause, detail: string, mode: KillSwitchMode = this.options.faultMode ?? TradingMode.Emergency): void {
    if (this.stopped) return;
    const time = this.clock.now();
    const entry: TriggerCause = { cause, time, detail };
    const latch = this.latch;
    if (latch === undefined) {
      this.latch = { mode, since: time, causes: [entry] };
      // Latency-critical: the mode request goes out before audit and LED I/O.
      this.subject.next({ mode, source: this.source, reason: `${cause}: ${detail}`, time });
      this.auditEvent({ event: 'trigger', cause, detail, mode, resetAllowedAt: time + this.cooldownMs });
      this.soundBuzzer();
      this.startBlink();
      this.showLeds();
      return;
    }
    latch.causes.push(entry);
    if (tradingModeSeverity(mode) > tradingModeSeverity(latch.mode)) {
      latch.mode = mode;
      this.subject.next({ mode, source: this.source, reason: `${cause}: ${detail} (escalated while triggered)`, time });
      this.auditEvent({ event: 'escalate', cause, detail, mode });
      this.showLeds();
    } else {
      this.auditEvent({ event: 'trigger-while-triggered', cause, detail, mode: latch.mode });
    }
  }

  private tryReset(operator: string, via: 'command' | 'long-press'): ResetOutcome {
    const now = this.clock.now();
    const refuse = (reason: string, retryInMs?: number): ResetOutcome => {
      this.auditEvent({ event: 'reset-refused', operator, via, reason, ...(retryInMs === undefined ? {} : { retryInMs }) });
      return retryInMs === undefined ? { ok: false, reason } : { ok: false, reason, retryInMs };
    };
    const latch = this.latch;
    if (latch === undefined) return refuse('not triggered');
    const allowedAt = latch.since + this.cooldownMs;
    if (now < allowedAt) return refuse(`cooldown: reset possible in ${allowedAt - now} ms`, allowedAt - now);
    if (this.tamperDebouncer?.active === true) return refuse('tamper input still active (close the enclosure first)');
    if (via === 'command' && this.buttonDebouncer?.active === true) return refuse('emergency-stop button is held down');
    if (this.heartbeatTimeoutMs !== undefined && now - this.lastHeartbeat >= this.heartbeatTimeoutMs) {
      return refuse(`no heartbeat from the trading process for ${now - this.lastHeartbeat} ms (limit ${this.heartbeatTimeoutMs} ms)`);
    }
    this.latch = undefined;
    this.subject.next({ mode: TradingMode.Normal, source: this.source, reason: `reset by ${operator} (${via})`, time: now });
    this.auditEvent({ event: 'reset', operator, via, triggeredSince: latch.since, causes: latch.causes.map((c) => ({ ...c })) });
    this.stopBuzzer();
    this.stopBlink();
    this.armWatchdog();
    this.showLeds();
    return { ok: true };
  }

  private armWatchdog(): void {
    const timeout = this.heartbeatTimeoutMs;
    if (timeout === undefined) return;
    if (this.watchdogTimer !== undefined) this.clock.clearTimer(this.watchdogTimer);
    this.watchdogExpired = false;
    const check = (): void => {
      this.watchdogTimer = undefined;
      const now = this.clock.now();
      const silent = now - this.lastHeartbeat;
      if (silent >= timeout) {
        this.watchdogExpired = true;
        this.auditEvent({ event: 'watchdog-expired', lastHeartbeatAt: this.lastHeartbeat, silentForMs: silent, timeoutMs: timeout });
        this.fire('watchdog', `no heartbeat for ${silent} ms (limit ${timeout} ms)`);
        return; // re-armed by a successful reset
      }
      this.watchdogTimer = this.clock.setTimer(check, timeout - silent);
    };
    this.watchdogTimer = this.clock.setTimer(check, Math.max(0, this.lastHeartbeat + timeout - this.clock.now()));
  }

  /** Watchdog state, for status displays. */
  get watchdog(): { readonly enabled: boolean; readonly expired: boolean; readonly lastHeartbeat: number } {
    return { enabled: this.heartbeatTimeoutMs !== undefined, expired: this.watchdogExpired, lastHeartbeat: this.lastHeartbeat };
  }

  private soundBuzzer(): void {
    const buzzer = this.outputs.buzzer;
    if (buzzer === undefined || this.buzzerMs === 0) return;
    buzzer.write(1);
    if (this.buzzerTimer !== undefined) this.clock.clearTimer(this.buzzerTimer);
    this.buzzerTimer = this.clock.setTimer(() => this.stopBuzzer(), this.buzzerMs);
  }

  private stopBuzzer(): void {
    if (this.buzzerTimer !== undefined) this.clock.clearTimer(this.buzzerTimer);
    this.buzzerTimer = undefined;
    this.outputs.buzzer?.write(0);
  }

  private startBlink(): void {
    if (this.blinkMs === 0 || this.cooldownMs === 0) return;
    this.blinkOn = true;
    const tick = (): void => {
      this.blinkTimer = undefined;
      const latch = this.latch;
      if (latch === undefined) return;
      const now = this.clock.now();
      if (now >= latch.since + this.cooldownMs) {
        this.blinkOn = true; // steady: a reset is now possible
      } else {
        this.blinkOn = !this.blinkOn;
        this.blinkTimer = this.clock.setTimer(tick, Math.min(this.blinkMs, latch.since + this.cooldownMs - now));
      }
      this.showLeds();
    };
    this.blinkTimer = this.clock.setTimer(tick, this.blinkMs);
  }

  private stopBlink(): void {
    if (this.blinkTimer !== undefined) this.clock.clearTimer(this.blinkTimer);
    this.blinkTimer = undefined;
    this.blinkOn = true;
  }

  private showLeds(): void {
    const { green, yellow, red } = this.outputs;
    let g: PinLevel = 0;
    let y: PinLevel = 0;
    let r: PinLevel = 0;
    const latch = this.latch;
    if (latch !== undefined) {
      const lit: PinLevel = this.blinkOn ? 1 : 0;
      if (latch.mode === TradingMode.Emergency) r = lit;
      else y = lit;
    } else if (this.shownMode === TradingMode.Normal) g = 1;
    else if (this.shownMode === TradingMode.Emergency) r = 1;
    else y = 1;
    green?.write(g);
    yellow?.write(y);
    red?.write(r);
  }

  private auditEvent(payload: Record<string, JsonValue>): void {
    try {
      this.options.audit.record({ type: 'kill-switch', actor: this.source, payload });
    } catch (error) {
      const handler = this.options.onAuditError;
      if (handler !== undefined) handler(error);
      else
        queueMicrotask(() => {
          throw error;
        });
    }
  }
}

function positive(v: number, field: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new BotError('CONFIG', `kill switch ${field} must be a positive number of ms (value seen ${v})`);
  return v;
}

function nonNegative(v: number, field: string): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new BotError('CONFIG', `kill switch ${field} must be >= 0 ms (value seen ${v})`);
  return v;
}
