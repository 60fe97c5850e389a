import type { Options } from 'tsup';
export declare function definePackageConfig(options?: {
  entry?: Record<string, string> | string[];
  banner?: string;
  platform?: 'node' | 'neutral';
}): Options | Options[];
export declare function defineAppConfig(options: { entry: Record<string, string> }): Options | Options[];
