import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { monorepoRoot } from '@bot/vitest-config';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config/loadEngineConfig.js';
import { TradingEngine } from '../src/tradingEngine.js';
import { engineFixture, memoryLogger } from './engineFixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const screenshotDir = join(monorepoRoot, '.tmp', 'screenshots');

describe.skipIf(!existsSync(CHROMIUM))('read-only dashboard in headless Chromium (needs Debian chromium)', () => {
  const engines: TradingEngine[] = [];
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop('test over')));
  });

  it('shows equity, positions, fills, risk, mode, kill switch and feed health, updating live, with no controls', async () => {
    const fx = await engineFixture({ bars: 1500, speed: 3_600_000 / 4 });
    const engine = await TradingEngine.start({ config: loadEngineConfig(fx.configPath), logger: memoryLogger() });
    engines.push(engine);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(engine.url!);
      await page.waitForSelector('body[data-ready="1"]');
      const firstEvents = Number((await page.textContent('#feed'))!.match(/(\d+) events/)![1]);
      // Live updates arrive over server-sent events without reloading.
      await page.waitForFunction((n) => Number(document.querySelector('#feed')!.textContent!.match(/(\d+) events/)![1]) > n, firstEvents, { timeout: 20_000 });
      await engine.done;
      await page.waitForFunction(() => document.querySelector('#feed')!.textContent!.includes('finished'), undefined, { timeout: 20_000 });
      expect(await page.textContent('#mode')).toBe('mode normal');
      expect(await page.textContent('#kill')).toBe('kill switch armed');
      expect(await page.textContent('#equity')).toMatch(/^[\d,]+\.\d\d USD$/);
      expect(await page.locator('#fills tr').count()).toBeGreaterThan(1);
      expect(await page.locator('#risk tr').count()).toBe(6);
      expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
      // Read-only: no forms, buttons or inputs anywhere.
      expect(await page.locator('form, button, input, select, textarea').count()).toBe(0);
      mkdirSync(screenshotDir, { recursive: true });
      const shot = join(screenshotDir, 'dashboard.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
