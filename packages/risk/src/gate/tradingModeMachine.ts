import { type Clock, type ModeChangeRequest, type TradingMode, tradingModeSeverity } from '@bot/core-types';
import type { Observable } from 'rxjs';
import { Subject } from 'rxjs/internal/Subject';
import type { ModeStore, PersistedModeState } from './modeStore.js';

/** An accepted mode change, for the audit trail: the request plus the mode it left. */
export interface ModeTransition extends ModeChangeRequest {
  readonly from: TradingMode;
}

/** A refused mode change request and why. */
export interface ModeRefusal extends ModeChangeRequest {
  readonly current: TradingMode;
  /** Stable code: `cooldown`, `held-by-breaker`, `held-by-limit`, `same-mode`. */
  readonly code: 'cooldown' | 'held-by-breaker' | 'held-by-limit' | 'same-mode';
  readonly explanation: string;
}

/** Outcome of {@link TradingModeMachine.request}. */
export type ModeRequestOutcome =
  | { readonly accepted: true; readonly transition: ModeTransition }
  | { readonly accepted: false; readonly refusal: ModeRefusal };

/** Something that holds the mode at a minimum severity (a tripped breaker, a breached drawdown limit). */
export interface ModeHold {
  readonly mode: TradingMode;
  readonly source: string;
  readonly kind: 'breaker' | 'limit';
}

/**
 * The trading-mode state machine (Normal → Pause → Reduce → Emergency by severity).
 *
 * Guards: a move to a more severe mode is always accepted at once. A move to a less severe mode is refused
 * (`cooldown`) until `cooldownMs` have passed since the last escalation, and refused (`held-by-breaker`,
 * `held-by-limit`) while a hold (a tripped breaker that has not been reset, a breached drawdown limit) requires
 * a more severe mode. Every accepted change is saved to the {@link ModeStore} before it is announced on
 * {@link TradingModeMachine.transitions}; refusals are announced on {@link TradingModeMachine.refusals}.
 * When the store fails, an escalation still takes effect (and is announced) before the error is rethrown; a step
 * down does not happen.
 *
 * @example
 * ```ts
 * const modes = new TradingModeMachine({ clock, cooldownMs: 60_000, store: new InMemoryModeStore() });
 * modes.request({ mode: 'pause', source: 'operator:ann', reason: 'news', time: clock.now() });
 * ```
 */
export class TradingModeMachine {
  private state: PersistedModeState;
  private readonly transitionSubject = new Subject<ModeTransition>();
  private readonly refusalSubject = new Subject<ModeRefusal>();
  private readonly clock: Clock;
  private readonly cooldownMs: number;
  private readonly store: ModeStore | undefined;
  private readonly holds: () => readonly ModeHold[];

  /** Accepted changes, in order. */
  readonly transitions: Observable<ModeTransition> = this.transitionSubject.asObservable();
  /** Refused requests, in order. */
  readonly refusals: Observable<ModeRefusal> = this.refusalSubject.asObservable();

  /** @throws ValidationError when the store holds a corrupt state (fail closed: fix or delete the file). */
  constructor(options: {
    readonly clock: Clock;
    readonly cooldownMs: number;
    readonly initial?: TradingMode;
    readonly store?: ModeStore;
    readonly holds?: () => readonly ModeHold[];
  }) {
    this.clock = options.clock;
    this.cooldownMs = options.cooldownMs;
    this.store = options.store;
    this.holds = options.holds ?? (() => []);
    const saved = this.store?.load();
    const now = this.clock.now();
    const initial = options.initial ?? 'normal';
    this.state = saved ?? {
      mode: initial,
      source: 'initial',
      reason: 'first start',
      since: now,
      lastEscalationAt: initial === 'normal' ? Number.NEGATIVE_INFINITY : now,
    };
  }

  /** The current mode. */
  get mode(): TradingMode {
    return this.state.mode;
  }
  /** The current persisted state (mode, source, reason, since). */
  get current(): PersistedModeState {
    return this.state;
  }

  /**
   * Asks for a mode change; escalations always pass, de-escalations are guarded (see the class docs).
   * @throws the store's error when the new mode cannot be persisted (see the class docs for what still happens)
   */
  request(request: ModeChangeRequest): ModeRequestOutcome {
    const from = this.state.mode;
    const to = request.mode;
    const refuse = (code: ModeRefusal['code'], explanation: string): ModeRequestOutcome => {
      const refusal: ModeRefusal = { ...request, current: from, code, explanation };
      this.refusalSubject.next(refusal);
      return { accepted: false, refusal };
    };
    if (to === from) return refuse('same-mode', `already in ${from}`);
    const up = tradingModeSeverity(to) > tradingModeSeverity(from);
    if (!up) {
      const elapsed = request.time - this.state.lastEscalationAt;
      if (elapsed < this.cooldownMs) {
        return refuse('cooldown', `cooldown: ${this.cooldownMs - elapsed} ms left before stepping down from ${from}`);
      }
      for (const hold of this.holds()) {
        if (tradingModeSeverity(hold.mode) > tradingModeSeverity(to)) {
          return refuse(
            hold.kind === 'breaker' ? 'held-by-breaker' : 'held-by-limit',
            `${hold.source} holds the mode at ${hold.mode} or more severe`,
          );
        }
      }
    }
    const next: PersistedModeState = {
      mode: to,
      source: request.source,
      reason: request.reason,
      since: request.time,
      lastEscalationAt: up ? request.time : this.state.lastEscalationAt,
    };
    let saveError: unknown;
    try {
      this.store?.save(next);
    } catch (error) {
      // Fail safe: a de-escalation that cannot be persisted does not happen; an escalation happens anyway.
      if (!up) throw error;
      saveError = error;
    }
    this.state = next;
    const transition: ModeTransition = { ...request, from };
    this.transitionSubject.next(transition);
    if (saveError !== undefined) throw saveError;
    return { accepted: true, transition };
  }

  /** Escalates only (no-op when the current mode is already at least as severe). */
  escalate(mode: TradingMode, source: string, reason: string, time: number = this.clock.now()): void {
    if (tradingModeSeverity(mode) > tradingModeSeverity(this.state.mode)) this.request({ mode, source, reason, time });
  }
}
