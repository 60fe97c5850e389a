/** Entry point of the trading engine process (see apps/engine/README.md). */
process.stderr.write('bot-engine: not yet available; see README\n');
process.exitCode = 1;
