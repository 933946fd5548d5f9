/** Every input and output name, as action.yml declares them; the gates' inputs are in gates/. */
export const Input = {
  LogFiles: 'log-files',
  BuildRefs: 'build-refs',
  Builder: 'builder',
  Run: 'run',
  Gate: 'gate',
  FailOnEmpty: 'fail-on-empty',
  Summary: 'summary',
  ReportFile: 'report-file',
  Du: 'du',
  ActionsCacheUsage: 'actions-cache-usage',
  GitHubToken: 'github-token',
  BaselineFile: 'baseline-file',
  SaveBaseline: 'save-baseline',
  BaselineName: 'baseline-name',
  Baseline: 'baseline',
  RunsPerMonth: 'runs-per-month',
  MinutePrice: 'minute-price',
  Timeout: 'timeout',
  Dockerfile: 'dockerfile',
  Context: 'context',
  Matrix: 'matrix',
  MergeReports: 'merge-reports',
  GateEachLeg: 'gate-each-leg',
  OtlpEndpoint: 'otlp-endpoint',
  OtlpHeaders: 'otlp-headers',
  OtlpTraces: 'otlp-traces'
} as const

export const Output = {
  CacheHitRate: 'cache-hit-rate',
  CachedSteps: 'cached-steps',
  TotalSteps: 'total-steps',
  Builds: 'builds',
  Duration: 'duration',
  Stages: 'stages',
  Gate: 'gate',
  Report: 'report',
  CacheSize: 'cache-size',
  CacheReclaimable: 'cache-reclaimable',
  CacheGrowth: 'cache-growth',
  ActionsCacheUsage: 'actions-cache-usage',
  Baseline: 'baseline',
  DurationDelta: 'duration-delta',
  CacheHitRateDelta: 'cache-hit-rate-delta',
  BillableMinutes: 'billable-minutes',
  Cost: 'cost',
  MonthlyMinutes: 'monthly-minutes',
  MonthlyCost: 'monthly-cost',
  BillableMinutesDelta: 'billable-minutes-delta',
  CostDelta: 'cost-delta',
  MonthlyMinutesDelta: 'monthly-minutes-delta',
  MonthlyCostDelta: 'monthly-cost-delta',
  TimeSaved: 'time-saved',
  CacheOverhead: 'cache-overhead'
} as const

export const REPORT_FILE_NAME = 'build-insights-report.json'

/** GITHUB_STATE names shared by the pre and main entry points. */
export const State = {
  JobStartedAt: 'job-started-at',
  CacheBefore: 'cache-before'
} as const
