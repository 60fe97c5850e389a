/** Result of a test statistic with its p-value. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}
