import { definePackageConfig } from '@bot/tsup-config';

export default definePackageConfig({ entry: { index: 'src/index.ts', csvChunkWorker: 'src/files/csvChunkWorker.ts' } });
