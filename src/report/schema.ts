/** The JSON report's version: baselines record it, readers of older reports compare with it. */
export const SCHEMA_VERSION = 1
