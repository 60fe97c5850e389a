import { BotError } from '@bot/core-types';
import type { GpioBackend, GpioInput, GpioOutput, InputPinOptions, OutputPinOptions, PinEdge, PinLevel } from './gpioBackend.js';

/** The part of onoff's `Gpio` class this backend uses (declared here so that onoff stays optional). */
interface OnoffPin {
  readSync(): number;
  writeSync(value: PinLevel): void;
  watch(callback: (err: Error | null | undefined, value: number) => void): void;
  unwatch(callback?: (err: Error | null | undefined, value: number) => void): void;
  unwatchAll(): void;
  unexport(): void;
}
interface OnoffGpioClass {
  new (
    gpio: number,
    direction: 'in' | 'out' | 'high' | 'low',
    edge?: PinEdge,
    options?: { activeLow?: boolean; debounceTimeout?: number; reconfigureDirection?: boolean },
  ): OnoffPin;
  readonly accessible: boolean;
}

/** Options of {@link OnoffGpio.load}. */
export interface OnoffGpioOptions {
  /**
   * Added to every pin number before it reaches the kernel. Raspberry Pi OS kernels >= 6.6 number the sysfs GPIO
   * lines from the gpiochip base (often 512): BCM 17 is then sysfs 529. Default 0. See the README.
   */
  readonly pinOffset?: number;
  /** How to load onoff (default: `import('onoff')`); injectable for tests. */
  readonly importOnoff?: () => Promise<unknown>;
}

/** `import('onoff')` through a variable, so TypeScript and bundlers treat the optional package as unresolved until runtime. */
const ONOFF = 'onoff';
function importOnoff(): Promise<unknown> {
  return import(ONOFF) as Promise<unknown>;
}

const HINT = 'use the simulated backend (SimulatedGpio) on machines without GPIO';

/**
 * {@link GpioBackend} on Raspberry Pi (and other Linux boards) through the optional `onoff` package, loaded lazily
 * so that `@bot/killswitch-gpio` imports fine where onoff is absent. Debouncing is done by the kill switch on the
 * injected Clock, not by onoff.
 *
 * @example
 * ```ts
 * const gpio = await OnoffGpio.load({ pinOffset: 512 });
 * ```
 */
export class OnoffGpio implements GpioBackend {
  readonly name = 'onoff';
  private readonly open = new Set<OnoffPin>();

  private constructor(
    private readonly Gpio: OnoffGpioClass,
    private readonly pinOffset: number,
  ) {}

  /**
   * Loads onoff and checks that GPIO is accessible.
   * @throws BotError `CONFIG` "GPIO not accessible: ..." when onoff is not installed, fails to load (native
   * `epoll` not built), or reports that this machine has no accessible GPIO (no sysfs GPIO, or no permission: add
   * the user to the `gpio` group).
   */
  static async load(options: OnoffGpioOptions = {}): Promise<OnoffGpio> {
    let mod: unknown;
    try {
      mod = await (options.importOnoff ?? importOnoff)();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? 'the optional package "onoff" is not installed (npm i onoff)'
          : `onoff failed to load (${(error as Error).message})`;
      throw new BotError('CONFIG', `GPIO not accessible: ${why}; ${HINT}`, { cause: error });
    }
    const m = mod as { Gpio?: OnoffGpioClass; default?: { Gpio?: OnoffGpioClass } };
    const Gpio = m.Gpio ?? m.default?.Gpio;
    if (Gpio === undefined) throw new BotError('CONFIG', `GPIO not accessible: the loaded "onoff" module has no Gpio class; ${HINT}`);
    if (!Gpio.accessible) {
      throw new BotError('CONFIG', `GPIO not accessible: onoff reports that this machine has no accessible GPIO (no /sys/class/gpio, or no permission: add the user to the "gpio" group); ${HINT}`);
    }
    return new OnoffGpio(Gpio, options.pinOffset ?? 0);
  }

  openInput(pin: number, options: InputPinOptions): GpioInput {
    const gpio = this.make(pin, 'in', options.edge, options.activeLow);
    const handlers = new Set<(err: Error | null | undefined, value: number) => void>();
    return {
      read: () => (gpio.readSync() === 1 ? 1 : 0),
      watch: (callback, onError) => {
        const handler = (err: Error | null | undefined, value: number): void => {
          if (err) onError?.(err);
          else callback(value === 1 ? 1 : 0);
        };
        handlers.add(handler);
        gpio.watch(handler);
        return () => {
          handlers.delete(handler);
          gpio.unwatch(handler);
        };
      },
      unexport: () => {
        gpio.unwatchAll();
        this.release(gpio);
      },
    };
  }

  openOutput(pin: number, options: OutputPinOptions = {}): GpioOutput {
    const gpio = this.make(pin, 'out', 'none', options.activeLow ?? false);
    gpio.writeSync(options.initial ?? 0);
    return {
      write: (value) => gpio.writeSync(value),
      read: () => (gpio.readSync() === 1 ? 1 : 0),
      unexport: () => {
        gpio.writeSync(0);
        this.release(gpio);
      },
    };
  }

  close(): void {
    for (const gpio of [...this.open]) this.release(gpio);
  }

  private make(pin: number, direction: 'in' | 'out', edge: PinEdge, activeLow: boolean): OnoffPin {
    try {
      const gpio = new this.Gpio(pin + this.pinOffset, direction, edge, { activeLow, reconfigureDirection: false });
      this.open.add(gpio);
      return gpio;
    } catch (error) {
      throw new BotError('CONFIG', `GPIO not accessible: cannot open GPIO ${pin} (sysfs ${pin + this.pinOffset}): ${(error as Error).message}; check the pin number, pinOffset and permissions, or ${HINT}`, { cause: error });
    }
  }

  private release(gpio: OnoffPin): void {
    if (!this.open.delete(gpio)) return;
    try {
      gpio.unexport();
    } catch {
      // Already released by the OS; nothing left to free.
    }
  }
}
