import { BotError } from '@bot/core-types';
import type { GpioBackend, GpioInput, GpioOutput, InputPinOptions, OutputPinOptions, PinEdge, PinLevel } from './gpioBackend.js';

interface SimPin {
  physical: PinLevel;
  kind: 'input' | 'output' | 'free';
  driven: boolean;
  activeLow: boolean;
  edge: PinEdge;
  watchers: Set<(value: PinLevel) => void>;
  writes: { value: PinLevel }[];
}

/**
 * In-memory GPIO with the same interface as the hardware backend. Tests and examples drive input pins with
 * {@link SimulatedGpio.setPhysical} (the voltage on the pin) or {@link SimulatedGpio.setActive} (pressed or not,
 * honouring the pin's active-low setting) and read outputs with {@link SimulatedGpio.outputLevel}.
 *
 * Watchers run synchronously inside `setPhysical`, like an interrupt that is served at once.
 * An input that was never driven opens at its inactive level (hardware at rest: button released, enclosure
 * closed); drive a pin before opening it to simulate a device that is already active at start.
 *
 * @example
 * ```ts
 * const gpio = new SimulatedGpio();
 * const sw = new KillSwitch({ gpio, clock, audit, pins: { button: 17 } });
 * sw.start();
 * gpio.setActive(17, true); // press
 * ```
 */
export class SimulatedGpio implements GpioBackend {
  readonly name = 'simulated';
  private readonly pins = new Map<number, SimPin>();

  private pin(n: number): SimPin {
    let p = this.pins.get(n);
    if (p === undefined) {
      p = { physical: 1, kind: 'free', driven: false, activeLow: false, edge: 'none', watchers: new Set(), writes: [] };
      this.pins.set(n, p);
    }
    return p;
  }

  openInput(n: number, options: InputPinOptions): GpioInput {
    const p = this.pin(n);
    if (p.kind !== 'free') throw new BotError('CONFIG', `GPIO ${n} is already in use (${p.kind})`);
    p.kind = 'input';
    p.activeLow = options.activeLow;
    if (!p.driven) p.physical = options.activeLow ? 1 : 0; // at rest: inactive, as correctly wired hardware
    p.edge = options.edge;
    const logical = (): PinLevel => (p.activeLow ? ((1 - p.physical) as PinLevel) : p.physical);
    return {
      read: logical,
      watch: (callback) => {
        p.watchers.add(callback);
        return () => p.watchers.delete(callback);
      },
      unexport: () => {
        p.watchers.clear();
        p.kind = 'free';
      },
    };
  }

  openOutput(n: number, options: OutputPinOptions = {}): GpioOutput {
    const p = this.pin(n);
    if (p.kind !== 'free') throw new BotError('CONFIG', `GPIO ${n} is already in use (${p.kind})`);
    p.kind = 'output';
    p.activeLow = options.activeLow ?? false;
    const write = (value: PinLevel): void => {
      p.physical = p.activeLow ? ((1 - value) as PinLevel) : value;
      p.writes.push({ value });
    };
    write(options.initial ?? 0);
    return {
      write,
      read: () => (p.activeLow ? ((1 - p.physical) as PinLevel) : p.physical),
      unexport: () => {
        write(0);
        p.kind = 'free';
      },
    };
  }

  close(): void {
    for (const p of this.pins.values()) {
      p.watchers.clear();
      p.kind = 'free';
    }
  }

  /** Drives the physical level of an input pin; fires watchers on a matching logical edge. */
  setPhysical(n: number, level: PinLevel): void {
    const p = this.pin(n);
    if (p.kind === 'output') throw new BotError('INVALID_ARGUMENT', `GPIO ${n} is an output; cannot drive it from outside`);
    p.driven = true;
    if (p.physical === level) return;
    p.physical = level;
    const value = (p.activeLow ? 1 - level : level) as PinLevel;
    const fire = p.edge === 'both' || (p.edge === 'rising' && value === 1) || (p.edge === 'falling' && value === 0);
    if (fire) for (const w of [...p.watchers]) w(value);
  }

  /** Sets an input to its active (`true`) or inactive logical state, honouring its active-low wiring. */
  setActive(n: number, active: boolean): void {
    const p = this.pin(n);
    const logical: PinLevel = active ? 1 : 0;
    this.setPhysical(n, p.activeLow ? ((1 - logical) as PinLevel) : logical);
  }

  /** Logical level of an output pin (1 = on); 0 when the pin is not an output. */
  outputLevel(n: number): PinLevel {
    const p = this.pins.get(n);
    if (p === undefined || p.kind !== 'output') return 0;
    return p.activeLow ? ((1 - p.physical) as PinLevel) : p.physical;
  }

  /** Number of writes made to an output pin since it was opened (to observe blinking). */
  writeCount(n: number): number {
    return this.pins.get(n)?.writes.length ?? 0;
  }
}
