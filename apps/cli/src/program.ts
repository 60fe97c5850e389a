import { Command } from 'commander';
import { version } from './version.js';
import { registerNeuralCommands } from './commands/neural.js';
import { registerBacktestCommands } from './commands/backtest.js';
import { registerDataCommands } from './commands/data.js';
import { registerEngineCommands } from './commands/engine.js';
import { registerAuditCommands } from './commands/audit.js';

/**
 * Builds the `bot` command. Each command group lives in `commands/<group>.ts` and registers itself here.
 */
export function createProgram(): Command {
  const program = new Command()
    .name('bot')
    .description('@bot: algorithmic trading toolkit: data, backtests, optimisation, training, paper and live trading')
    .version(version, '-v, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerNeuralCommands(program);
  registerBacktestCommands(program);
  registerDataCommands(program);
  registerEngineCommands(program);
  registerAuditCommands(program);
  return program;
}
