import { definePackageConfig } from '@bot/tsup-config';

export default definePackageConfig();
