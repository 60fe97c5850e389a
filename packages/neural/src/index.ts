/** @packageDocumentation Work in progress: see the package README. */
export type { Bar } from '@bot/core-types';
