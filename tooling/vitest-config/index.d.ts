import type { UserWorkspaceConfig } from 'vitest/config';
export declare function defineProjectConfig(
  importMetaUrl: string,
  options?: { testTimeout?: number; include?: string[] },
): UserWorkspaceConfig;
export declare const monorepoRoot: string;
