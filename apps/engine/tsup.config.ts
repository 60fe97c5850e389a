import { defineAppConfig } from '@bot/tsup-config';

export default defineAppConfig({ entry: { engine: 'src/engine.ts', index: 'src/index.ts' } });
