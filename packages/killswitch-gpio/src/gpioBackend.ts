/** A digital level: 0 (low) or 1 (high). */
export type PinLevel = 0 | 1;

/** Which transitions of an input raise a watch callback (same names as onoff and the Linux sysfs GPIO API). */
export type PinEdge = 'none' | 'rising' | 'falling' | 'both';

/** Options of an input pin. */
export interface InputPinOptions {
  /** Edges that call watchers. Edges are on the logical value (after `activeLow` inversion). */
  readonly edge: PinEdge;
  /**
   * True when the pin reads low while active (a button to GND with a pull-up): the logical value is then the
   * inverted physical level, so 1 always means "pressed" / "active".
   */
  readonly activeLow: boolean;
}

/** Options of an output pin. */
export interface OutputPinOptions {
  /** Invert the logical value (for LEDs wired to 3V3 and sunk by the pin). Default false. */
  readonly activeLow?: boolean;
  /** Logical level on open. Default 0 (off). */
  readonly initial?: PinLevel;
}

/** An input pin. Values are logical (1 = active). */
export interface GpioInput {
  read(): PinLevel;
  /**
   * Calls `callback` with the new logical value on each configured edge, and `onError` when the backend reports
   * a fault on the pin (a safety device should fail safe on it). Returns a function that stops watching.
   */
  watch(callback: (value: PinLevel) => void, onError?: (error: Error) => void): () => void;
  /** Stops all watchers and releases the pin. */
  unexport(): void;
}

/** An output pin. Values are logical (1 = on). */
export interface GpioOutput {
  write(value: PinLevel): void;
  read(): PinLevel;
  /** Releases the pin (after driving it to 0). */
  unexport(): void;
}

/**
 * Port of the pin layer the kill switch drives: {@link SimulatedGpio} in tests, examples and machines without GPIO;
 * {@link OnoffGpio} on a Raspberry Pi (Linux sysfs GPIO through the `onoff` package). Pin numbers are BCM/GPIO
 * line numbers as the backend understands them.
 */
export interface GpioBackend {
  /** Backend name for logs and audit records (`simulated`, `onoff`). */
  readonly name: string;
  openInput(pin: number, options: InputPinOptions): GpioInput;
  openOutput(pin: number, options?: OutputPinOptions): GpioOutput;
  /** Releases every pin opened through this backend. */
  close(): void;
}
