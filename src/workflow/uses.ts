/**
 * Parsing `uses:` strings the way the runner reads them.
 *
 *   owner/repo@ref                       an action at the repository root
 *   owner/repo/path/to/dir@ref           an action in a subdirectory
 *   owner/repo/.github/workflows/x.yml@ref   a reusable workflow (job-level `uses:`)
 *   ./path  or  $/path                   an action or workflow in this repository
 *   docker://image[:tag][@sha256:digest] a container image run as a step
 */

export type RefKind =
  /** 40 hex characters (or 64 for SHA-256 repositories): an immutable commit. */
  | 'sha'
  /** 7 to 39 hex characters: a short SHA or a hex-looking tag; never immutable. */
  | 'short-sha'
  /** Looks like a version tag (`v4`, `v1.2.3`, `1.0`, `refs/tags/...`). */
  | 'tag'
  /** Looks like a branch (`main`, `master`, `release/v1`, `refs/heads/...`). */
  | 'branch'
  /** Any other symbolic ref: a tag or a branch, only the API can tell. */
  | 'symbolic'
  /** Contains `${{ }}`: decided at run time. */
  | 'expression'

export interface RepoUses {
  kind: 'repo'
  raw: string
  owner: string
  repo: string
  /** Path inside the repository, without leading or trailing `/`; '' for the root. */
  path: string
  ref: string
  refKind: RefKind
  /** `owner/repo/.github/workflows/*.yml@ref`. */
  reusableWorkflow: boolean
}

export interface LocalUses {
  kind: 'local'
  raw: string
  /** `./` (this checkout) or `$/` (this repository at the workflow's commit). */
  form: './' | '$/'
  path: string
  reusableWorkflow: boolean
}

export interface DockerUses {
  kind: 'docker'
  raw: string
  image: string
  tag?: string
  digest?: string
}

export interface InvalidUses {
  kind: 'invalid'
  raw: string
  reason: string
}

export type Uses = RepoUses | LocalUses | DockerUses | InvalidUses

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i
const HEX = /^[0-9a-f]{7,39}$/i
const VERSIONISH = /^v?\d+(?:\.\d+){0,3}(?:[-+][0-9A-Za-z.-]+)?$/
const BRANCHISH = /^(?:main|master|develop|dev|trunk|next|stable|latest|canary|nightly|gh-pages|(?:release|releases|feature|hotfix|fix)\/.+)$/
// GitHub: owner names are alphanumeric with single inner hyphens; repo names add `.` and `_`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/
const PATH_SEGMENT = /^[A-Za-z0-9._+-]+$/

export function classifyRef(ref: string): RefKind {
  if (ref.includes('${{')) return 'expression'
  if (FULL_SHA.test(ref)) return 'sha'
  if (ref.startsWith('refs/tags/')) return 'tag'
  if (ref.startsWith('refs/heads/')) return 'branch'
  if (HEX.test(ref) && !VERSIONISH.test(ref)) return 'short-sha'
  if (VERSIONISH.test(ref)) return 'tag'
  if (BRANCHISH.test(ref) || ref.includes('/')) return 'branch'
  return 'symbolic'
}

function nonAscii(s: string): string | undefined {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (cp > 0x7e || cp < 0x20) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return undefined
}

function parseDocker(raw: string): Uses {
  const ref = raw.slice('docker://'.length)
  if (!ref) return { kind: 'invalid', raw, reason: 'docker:// with no image' }
  if (/\s/.test(ref)) return { kind: 'invalid', raw, reason: 'the image reference contains white space' }
  const bad = nonAscii(ref)
  if (bad) return { kind: 'invalid', raw, reason: `the image reference contains the character ${bad}` }
  return { kind: 'docker', raw, ...parseImage(ref) }
}

/** Split an image reference (`ghcr.io/o/i:tag@sha256:…`) into name, tag and digest. */
export function parseImage(ref: string): { image: string; tag?: string; digest?: string } {
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  return { image: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) }
}

/** True when an image reference is pinned by a well-formed sha256 digest. */
export function imagePinned(ref: { digest?: string }): boolean {
  return !!ref.digest && /^sha256:[0-9a-f]{64}$/.test(ref.digest)
}

export function parseUses(input: string): Uses {
  const raw = input
  const s = input.trim()
  if (s === '') return { kind: 'invalid', raw, reason: 'empty value' }
  if (s.startsWith('docker://')) return parseDocker(s)
  if (s.startsWith('./') || s.startsWith('$/')) {
    const form = s.slice(0, 2) as './' | '$/'
    const path = s.slice(2).replace(/\/+$/, '')
    if (path.includes('${{')) return { kind: 'invalid', raw, reason: 'a local path cannot contain an expression' }
    if (path.split('/').some((seg) => seg === '..')) return { kind: 'invalid', raw, reason: "a local path with '..' leaves the repository" }
    return { kind: 'local', raw, form, path, reusableWorkflow: /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) }
  }
  if (s !== input) return { kind: 'invalid', raw, reason: 'leading or trailing white space' }
  const bad = nonAscii(s)
  if (bad) return { kind: 'invalid', raw, reason: `contains the character ${bad}, which GitHub does not accept in an action reference` }
  const at = s.indexOf('@')
  if (at < 0) return { kind: 'invalid', raw, reason: 'no @ref: a repository action needs `owner/repo@ref`' }
  const name = s.slice(0, at)
  const ref = s.slice(at + 1)
  if (ref === '') return { kind: 'invalid', raw, reason: 'empty ref after @' }
  if (/\s/.test(ref) && !ref.includes('${{')) return { kind: 'invalid', raw, reason: 'the ref contains white space' }
  if (ref.includes('@')) return { kind: 'invalid', raw, reason: 'more than one @' }
  if (name.includes('${{')) {
    return { kind: 'invalid', raw, reason: 'the repository is an expression; GitHub does not expand expressions there' }
  }
  const parts = name.split('/')
  if (parts.length < 2) return { kind: 'invalid', raw, reason: 'expected owner/repo before @' }
  const [owner, repo, ...rest] = parts
  if (!OWNER.test(owner)) return { kind: 'invalid', raw, reason: `'${owner}' is not a valid GitHub owner name` }
  if (!REPO.test(repo) || repo === '.' || repo === '..') return { kind: 'invalid', raw, reason: `'${repo}' is not a valid repository name` }
  for (const seg of rest) {
    if (seg === '' || seg === '.' || seg === '..') {
      return { kind: 'invalid', raw, reason: `the path has an empty, '.' or '..' component` }
    }
    if (!PATH_SEGMENT.test(seg)) return { kind: 'invalid', raw, reason: `the path component '${seg}' is not valid` }
  }
  const path = rest.join('/')
  return {
    kind: 'repo',
    raw,
    owner,
    repo,
    path,
    ref,
    refKind: classifyRef(ref),
    reusableWorkflow: /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path),
  }
}

/** `owner/repo` or `owner/repo/path`, the name a user writes in allow-lists. */
export function usesName(u: RepoUses): string {
  return u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`
}
