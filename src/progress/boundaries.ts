// Where one build ends and the next begins in a log that holds several. Plain progress marks it
// with `#0 building with ...` (buildx) or numbers that restart at `#1`; rawjson only by a new
// `load build definition` vertex. A `# syntax=` frontend loads the definition twice in one
// build, before any step, so a new definition only starts a build once the current one has done
// some work.

const DEFINITION = /^\[internal\] load (?:build definition from |local bake definitions)/

export function isBuildDefinition(name: string): boolean {
  // asked of every vertex a rawjson log sends: a prefix is compared before a match is made
  return name.startsWith('[internal] load ') && DEFINITION.test(name)
}

export function isStepOrExport(name: string): boolean {
  return name.startsWith('[') ? !name.startsWith('[internal]') && !name.startsWith('[auth]') : name.startsWith('exporting ')
}
