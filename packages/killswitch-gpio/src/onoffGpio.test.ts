import { describe, expect, it } from 'vitest';
import { ManualClock } from '@bot/core-types';
import type { ModeChangeRequest } from '@bot/core-types';
import { OnoffGpio } from './onoffGpio.js';
import { KillSwitch } from './killSwitch.js';
import { MemoryAudit } from '../test/memoryAudit.js';

describe('OnoffGpio.load', () => {
  it('explains a missing onoff package', async () => {
    const missing = Object.assign(new Error("Cannot find package 'onoff'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(OnoffGpio.load({ importOnoff: () => Promise.reject(missing) })).rejects.toThrow(
      /^GPIO not accessible: the optional package "onoff" is not installed \(npm i onoff\); use the simulated backend/,
    );
  });

  it('loads the real onoff lazily and reports that this machine has no GPIO', async () => {
    // The test machine has no /sys/class/gpio: onoff loads but reports Gpio.accessible === false.
    const error = await OnoffGpio.load().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect((error as Error).message).toMatch(/^GPIO not accessible: (onoff reports that this machine has no accessible GPIO|the optional package "onoff" is not installed|onoff failed to load)/);
    expect((error as Error).message).toMatch(/use the simulated backend/);
  });
});

/** A stand-in for onoff's Gpio class with the documented constructor and methods, recording what the backend does. */
function fakeOnoff() {
  const pins = new Map<number, FakePin>();
  class FakePin {
    value = 0;
    watchers: ((err: Error | null | undefined, value: number) => void)[] = [];
    unexported = false;
    constructor(
      readonly gpio: number,
      readonly direction: string,
      readonly edge: string | undefined,
      readonly options: { activeLow?: boolean } | undefined,
    ) {
      pins.set(gpio, this);
    }
    static accessible = true;
    readSync() {
      return this.value;
    }
    writeSync(v: 0 | 1) {
      this.value = v;
    }
    watch(cb: (err: Error | null | undefined, value: number) => void) {
      this.watchers.push(cb);
    }
    unwatch(cb: (err: Error | null | undefined, value: number) => void) {
      this.watchers = this.watchers.filter((w) => w !== cb);
    }
    unwatchAll() {
      this.watchers = [];
    }
    unexport() {
      this.unexported = true;
    }
  }
  return { module: { Gpio: FakePin }, pins };
}

describe('OnoffGpio with an onoff-compatible module', () => {
  it('opens pins with the pin offset, active-low and both edges, and drives the kill switch', async () => {
    const fake = fakeOnoff();
    const gpio = await OnoffGpio.load({ importOnoff: async () => fake.module, pinOffset: 512 });
    const clock = new ManualClock(0);
    const audit = new MemoryAudit(() => clock.now());
    const sw = new KillSwitch({ gpio, clock, audit, pins: { button: 17, red: 24 } });
    const requests: ModeChangeRequest[] = [];
    sw.modeRequests.subscribe((r) => requests.push(r));
    sw.start();
    const button = fake.pins.get(529)!;
    expect(button).toMatchObject({ direction: 'in', edge: 'both', options: { activeLow: true } });
    expect(fake.pins.get(536)).toMatchObject({ direction: 'out', value: 0 });
    button.value = 1; // onoff reports logical values (activeLow applied by the kernel)
    for (const w of button.watchers) w(null, 1);
    expect(requests.map((r) => r.mode)).toEqual(['emergency']);
    expect(fake.pins.get(536)!.value).toBe(1);
    sw.stop();
    expect(button.unexported).toBe(true);
    expect(button.watchers).toHaveLength(0);
  });

  it('a fault reported by onoff on an input fails safe (emergency)', async () => {
    const fake = fakeOnoff();
    const gpio = await OnoffGpio.load({ importOnoff: async () => ({ default: fake.module }) });
    const clock = new ManualClock(0);
    const sw = new KillSwitch({ gpio, clock, audit: new MemoryAudit(() => 0), pins: { button: 17 } });
    const requests: ModeChangeRequest[] = [];
    sw.modeRequests.subscribe((r) => requests.push(r));
    sw.start();
    for (const w of fake.pins.get(17)!.watchers) w(new Error('EPOLL failure'), 0);
    expect(requests).toEqual([{ mode: 'emergency', source: 'killswitch', reason: 'gpio-fault: GPIO fault on the button input: EPOLL failure', time: 0 }]);
  });

  it('wraps a failing pin export in an actionable message', async () => {
    const fake = fakeOnoff();
    const Broken = class extends fake.module.Gpio {
      constructor(...args: ConstructorParameters<typeof fake.module.Gpio>) {
        super(...args);
        throw Object.assign(new Error('EACCES: permission denied, open /sys/class/gpio/export'), { code: 'EACCES' });
      }
    };
    const gpio = await OnoffGpio.load({ importOnoff: async () => ({ Gpio: Broken }) });
    expect(() => gpio.openInput(17, { edge: 'both', activeLow: true })).toThrow(/GPIO not accessible: cannot open GPIO 17 \(sysfs 17\): EACCES/);
  });
});

describe('KillSwitch.start on a failing backend', () => {
  it('releases the pins it opened and can be started again once the backend works', async () => {
    const fake = fakeOnoff();
    let failButton = true;
    const Flaky = class extends fake.module.Gpio {
      constructor(...args: ConstructorParameters<typeof fake.module.Gpio>) {
        super(...args);
        if (args[0] === 17 && failButton) throw new Error('EBUSY: GPIO 17 is in use by another program');
      }
    };
    const gpio = await OnoffGpio.load({ importOnoff: async () => ({ Gpio: Flaky }) });
    const sw = new KillSwitch({ gpio, clock: new ManualClock(0), audit: new MemoryAudit(() => 0), pins: { button: 17, green: 22, red: 24 } });
    expect(() => sw.start()).toThrow(/GPIO not accessible: cannot open GPIO 17 \(sysfs 17\): EBUSY/);
    expect(fake.pins.get(22)!.unexported).toBe(true);
    expect(fake.pins.get(24)!.unexported).toBe(true);
    expect(sw.status).toEqual({ state: 'stopped' });
    failButton = false;
    sw.start();
    expect(sw.status).toEqual({ state: 'armed' });
    expect(fake.pins.get(22)!.value).toBe(1); // green: armed
  });
});
