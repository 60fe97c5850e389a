import { defineProjectConfig } from '@bot/vitest-config';

export default defineProjectConfig(import.meta.url);
