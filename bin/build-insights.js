#!/usr/bin/env node
// The CLI as bundled in dist/, so a fresh clone runs it without a build step.
await import('../dist/cli/index.js')
