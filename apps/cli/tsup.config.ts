import { defineAppConfig } from '@bot/tsup-config';

export default defineAppConfig({ entry: {'bot': 'src/bot.ts'} });
