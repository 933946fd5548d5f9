import type { Analysis, CacheBreak } from '../analysis/analyse.js'
import type { Step } from '../model/build.js'

// Where a failed gate points: the first cache break of the report (the first build, then the first
// of its stages in the build's order), and one remedy that is true of every build that breaks there.

export type BreakFacts = Pick<Analysis, 'builds' | 'breaks' | 'totals'>

// Installs that read only the dependency manifests: worth running before the rest of the sources are copied.
const INSTALL =
  /\b(npm (ci|install|i)|yarn( install)?|pnpm (i|install|fetch)|bun install|pip3? install|poetry install|uv sync|pipenv install|bundle install|go mod download|cargo (fetch|build)|composer install|mvn\b.*(dependency:|install|package)|gradle\b|dotnet restore|mix deps\.get)\b/i
// `COPY . .`, `ADD ./ /app`, `COPY --chown=x . /src`: the whole build context.
const WHOLE_CONTEXT = /^(COPY|ADD)\s+(--\S+\s+)*\.\/?\s+\S+/i

const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 119)}…` : text)

function firstBreak(f: BreakFacts): CacheBreak | undefined {
  let first: { b: CacheBreak; order: [number, number] } | undefined
  for (const b of f.breaks) {
    const stages = f.builds[b.build - 1]?.stages ?? []
    const stageAt = stages.findIndex((s) => s.name === b.stage && s.platform === b.platform)
    const order: [number, number] = [b.build, stageAt < 0 ? stages.length : stageAt]
    if (first === undefined || order[0] < first.order[0] || (order[0] === first.order[0] && order[1] < first.order[1])) first = { b, order }
  }
  return first?.b
}

function laterSteps(f: BreakFacts, b: CacheBreak): Step[] {
  const stage = f.builds[b.build - 1]?.stages.find((s) => s.name === b.stage && s.platform === b.platform)
  return (stage?.steps ?? []).filter((s) => s.index > b.step.index)
}

function remedy(f: BreakFacts, b: CacheBreak): string {
  const text = b.step.text
  const keyword = b.step.instruction.toUpperCase()
  if (WHOLE_CONTEXT.test(text)) {
    if (laterSteps(f, b).some((s) => s.instruction.toUpperCase() === 'RUN' && INSTALL.test(s.text)))
      return 'copy the dependency manifests and install before copying the rest'
    return 'a file in the build context changed: copy only what this step needs, and keep the rest out with .dockerignore'
  }
  if (keyword === 'COPY' || keyword === 'ADD') return 'the copied files changed: copy what changes often after the slow steps, not before them'
  if (keyword === 'RUN')
    return 'its command or a build arg declared before it changed: declare args that change every run (a commit, a date) after the slow steps'
  return 'put the instructions that change often after the slow steps'
}

/** `; first cache miss: stage `build`, step 7/10 `COPY src/ ./src/`; <remedy>`; '' when the report has no break and some step was cached. */
export function whereTheCacheBroke(f: BreakFacts): string {
  const b = firstBreak(f)
  if (b === undefined) {
    return f.totals.steps > 0 && f.totals.cached === 0
      ? '; no step was cached: import a build cache (`--cache-from`, e.g. `type=gha`) and export it with `mode=max`'
      : ''
  }
  const count = f.builds[b.build - 1]?.steps.find((s) => s.stage === b.stage && s.platform === b.platform && s.index === b.step.index)?.count
  const where = [
    f.totals.builds > 1 ? `build ${b.build}` : '',
    b.platform === '' ? '' : `platform ${b.platform}`,
    `stage \`${b.stage}\``,
    `step ${b.step.index}${count === undefined ? '' : `/${count}`} \`${short(b.step.text)}\``
  ].filter((s) => s !== '')
  return `; first cache miss: ${where.join(', ')}; ${remedy(f, b)}`
}
