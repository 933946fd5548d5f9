import type { Vertex } from '../progress/vertex.js'

/** What a build made and from what: how the summary names it, rather than by its log's path. */
export interface Identity {
  /** The bake target (or compose service), when the build is one target of a bake. */
  target?: string
  /** The images the export named (`naming to docker.io/acme/api:ci`), `docker.io/` and `library/` cut. */
  images: string[]
  /** The Dockerfile, from `[internal] load build definition from <path>`. */
  dockerfile?: string
  /** The platforms its steps name (`linux/arm64`); empty when BuildKit printed none. */
  platforms: string[]
}

const DEFINITION = /^\[(?:[^\s\]]+ )?internal\] load build definition from (.+)$/

export function identify(vertexes: readonly Vertex[], target: string | undefined, platforms: readonly string[]): Identity {
  const images: string[] = []
  let dockerfile: string | undefined
  for (const v of vertexes) {
    for (const image of v.named ?? []) {
      const short = shortImage(image)
      if (!images.includes(short)) images.push(short)
    }
    const m = dockerfile === undefined ? DEFINITION.exec(v.name) : null
    if (m?.[1] !== undefined) dockerfile = m[1].trim()
  }
  const id: Identity = { images, platforms: [...new Set(platforms.filter((p) => p !== ''))].sort() }
  if (target !== undefined) id.target = target
  if (dockerfile !== undefined) id.dockerfile = dockerfile
  return id
}

/** `docker.io/library/node:20` → `node:20`, `docker.io/acme/api:ci` → `acme/api:ci`: as users write them. */
export function shortImage(image: string): string {
  return image.replace(/^docker\.io\/(?:library\/)?/, '')
}

/** How a build is named: target and images, else images, else the Dockerfile, else its place in its log. */
export function buildName(b: Partial<Identity> & { file: string; index: number }): string {
  const all = b.images ?? []
  const images = all.length > 2 ? `${all.slice(0, 2).join(', ')} +${all.length - 2}` : all.join(', ')
  if (b.target !== undefined) return images === '' ? b.target : `${b.target} (${images})`
  if (images !== '') return images
  if (b.dockerfile !== undefined && b.dockerfile !== 'Dockerfile') return b.dockerfile
  return b.index === 1 ? b.file : `${b.file} (build ${b.index})`
}
