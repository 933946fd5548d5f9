import { defineConfig } from 'vitest/config'

// Integration tests against the real BuildKit daemon that .ci/run starts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.itg.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false
  }
})
