import { parseArgs } from 'node:util';
import { runEngine } from './runEngine.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', short: 'c' },
    'exit-when-done': { type: 'boolean', default: false },
    port: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || values.config === undefined) {
  process.stderr.write('usage: bot-engine --config <engine.yaml|json> [--exit-when-done] [--port N]\n');
  process.exitCode = values.help ? 0 : 2;
} else {
  runEngine({
    configPath: values.config,
    exitWhenDone: values['exit-when-done'],
    // live trading only through `bot live` (explicit flag and confirmation)
    expectMode: 'paper',
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
  }).catch((error: unknown) => {
    process.stderr.write(`bot-engine: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
