import config from '@bot/eslint-config';

export default config;
