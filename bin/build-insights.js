#!/usr/bin/env node
// The CLI as bundled in dist/, so a fresh clone runs it without a build step. Checked here, before
// anything newer than the oldest Node it runs on is parsed, so an old Node gets a sentence, not a stack.
const NEEDS = 20
const major = Number(process.versions.node.split('.')[0])
if (!(major >= NEEDS)) {
  process.stderr.write('build-insights needs Node.js ' + NEEDS + ' or later; this is Node.js ' + process.versions.node + ' (' + process.execPath + ').\n')
  process.exit(2)
} else {
  import('../dist/cli/index.js')
}
