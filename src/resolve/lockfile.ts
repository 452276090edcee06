/**
 * GitHub's `.github/workflows/actions.lock`, read exactly as strictly as GitHub's own parser
 * (`go/pkg/lockfile`): versions v0.0.1–v0.0.3; only `version`, `workflows`, `dependencies` at
 * the top; pin keys `owner/repo@ref` (owner/repo lower-cased, the ref's case kept, split at the
 * first `@`); entries with `ref`, `commit` (`sha1-`40 hex or `sha256-`64 hex), `owner_id`,
 * `repo_id`, optional `uses` and (v0.0.3) `hostname`. Unknown keys, duplicates, cycles, files
 * over 1 MiB and future versions are rejected, each with its line and column.
 */
import { InputError, parseYaml } from '../workflow/yaml.js'
import type { YNode, YScalar } from '../workflow/yaml.js'

export const ACTIONS_LOCK_PATH = '.github/workflows/actions.lock'
export const LOCK_VERSIONS = ['v0.0.1', 'v0.0.2', 'v0.0.3'] as const
export type LockVersion = (typeof LOCK_VERSIONS)[number]

export interface LockEntry {
  /** Canonical key: `owner/repo@ref`, owner and repo lower-cased. */
  key: string
  owner: string
  repo: string
  /** The ref as written in the key. */
  keyRef: string
  /** The ref the commit was resolved from. */
  ref: string
  commit: { algo: 'sha1' | 'sha256'; hex: string }
  ownerId: number
  repoId: number
  uses: string[]
  hostname?: string
  line: number
  column: number
}

export interface ActionsLock {
  file: string
  version: LockVersion
  /** workflow path -> root pin keys (canonical) */
  workflows: Map<string, { pins: string[]; line: number }>
  dependencies: Map<string, LockEntry>
}

const ENTRY_KEYS: Record<LockVersion, string[]> = {
  'v0.0.1': ['tag', 'branch', 'commit', 'owner_id', 'repo_id', 'uses'],
  'v0.0.2': ['ref', 'commit', 'owner_id', 'repo_id', 'uses'],
  'v0.0.3': ['ref', 'commit', 'owner_id', 'repo_id', 'uses', 'hostname'],
}
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i
const COMMIT = /^(sha1)-([0-9a-f]{40})$|^(sha256)-([0-9a-f]{64})$/
const HOSTNAME = /^(github\.com|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.ghe\.com)$/

/** Split a pin key at the first `@`; v0.0.1 keys carry a `:algo-hex` suffix, dropped here. */
export function parsePinKey(raw: string, version: LockVersion): { owner: string; repo: string; ref: string; key: string } | undefined {
  const s = version === 'v0.0.1' ? raw.replace(/:(sha1-[0-9a-f]{40}|sha256-[0-9a-f]{64})$/, '') : raw
  const at = s.indexOf('@')
  if (at <= 0) return undefined
  const name = s.slice(0, at)
  const ref = s.slice(at + 1)
  const parts = name.split('/')
  if (parts.length !== 2 || !parts[0] || !parts[1] || /[:@]/.test(name) || !ref || ref.includes(':')) return undefined
  if (!parts.every((p) => /^[A-Za-z0-9._-]+$/.test(p))) return undefined
  return { owner: parts[0].toLowerCase(), repo: parts[1].toLowerCase(), ref, key: `${parts[0].toLowerCase()}/${parts[1].toLowerCase()}@${ref}` }
}

export function pinKey(owner: string, repo: string, ref: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`
}

function err(file: string, n: { pos: { line: number; column: number } } | undefined, msg: string): never {
  throw new InputError(msg, file, n?.pos.line ?? 1, n?.pos.column ?? 1)
}

function scalarString(file: string, n: YNode, what: string): string {
  if (n.kind !== 'scalar' || typeof n.value !== 'string' || n.value === '') err(file, n, `${what} must be a non-empty string`)
  return n.value as string
}

function positiveInt(file: string, n: YNode, what: string): number {
  if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value <= 0) err(file, n, `${what} must be a positive integer`)
  return n.value as number
}

/** Workflow path keys: repo-relative and safe (GitHub's rules). */
function checkWorkflowPath(file: string, k: YScalar): string {
  const p = String(k.value)
  if (p === '' || p.startsWith('/') || /[\u0000-\u001f\\:]/.test(p) || p.split('/').includes('..')) err(file, k, `workflow path '${p}' must be a relative path with no '..', '\\', ':' or control characters`)
  return p
}

export function parseActionsLock(text: string, file = ACTIONS_LOCK_PATH): ActionsLock {
  const { root } = parseYaml(text, file)
  if (!root || root.kind !== 'map') err(file, root, 'the lockfile must be a mapping with `version`')
  for (const p of root.pairs) {
    if (!['version', 'workflows', 'dependencies'].includes(String(p.key.value))) err(file, p.key, `unknown key '${p.key.value}'; a lockfile has only version, workflows and dependencies`)
  }
  const vNode = root.pairs.find((p) => p.key.value === 'version')
  if (!vNode) err(file, root, 'missing `version`')
  const v = scalarString(file, vNode.value, '`version`')
  if (!(LOCK_VERSIONS as readonly string[]).includes(v)) {
    const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(v)
    const newer = m && (Number(m[1]) > 0 || Number(m[2]) > 0 || Number(m[3]) > 3)
    err(file, vNode.value, newer ? `lockfile version ${v} is newer than release-gate understands (up to v0.0.3): upgrade release-gate` : `unsupported lockfile version '${v}'`)
  }
  const version = v as LockVersion
  const lock: ActionsLock = { file, version, workflows: new Map(), dependencies: new Map() }

  const deps = root.pairs.find((p) => p.key.value === 'dependencies')?.value
  if (deps && !(deps.kind === 'scalar' && deps.value === null)) {
    if (deps.kind !== 'map') err(file, deps, '`dependencies` must be a mapping of pin keys')
    for (const p of deps.pairs) {
      const k = parsePinKey(String(p.key.value), version)
      if (!k) err(file, p.key, `'${p.key.value}' is not a pin key of the form owner/repo@ref`)
      const body = p.value
      if (body.kind !== 'map') err(file, body, `dependency '${p.key.value}' must be a mapping`)
      const allowed = ENTRY_KEYS[version]
      for (const bp of body.pairs) if (!allowed.includes(String(bp.key.value))) err(file, bp.key, `unknown key '${bp.key.value}' in dependency '${p.key.value}' (version ${version}: ${allowed.join(', ')})`)
      const get = (name: string) => body.pairs.find((x) => x.key.value === name)?.value
      const need = (name: string) => get(name) ?? err(file, p.key, `dependency '${p.key.value}' has no \`${name}\``)
      const commitRaw = scalarString(file, need('commit'), '`commit`')
      const cm = COMMIT.exec(commitRaw)
      if (!cm) err(file, need('commit'), `\`commit\` '${commitRaw}' must be sha1- with 40 hex digits or sha256- with 64`)
      const commit = { algo: (cm[1] ?? cm[3]) as 'sha1' | 'sha256', hex: cm[2] ?? cm[4] }
      let ref: string
      if (version === 'v0.0.1') {
        const tag = get('tag')
        const branch = get('branch')
        ref = (tag && scalarString(file, tag, '`tag`')) || (branch && scalarString(file, branch, '`branch`')) || k.ref
      } else {
        ref = scalarString(file, need('ref'), '`ref`')
        if (FULL_SHA.test(k.ref)) {
          if (k.ref.toLowerCase() !== commit.hex) err(file, need('commit'), `key '${p.key.value}' names commit ${k.ref}, but \`commit\` is ${commitRaw}`)
        } else if (ref !== k.ref) err(file, need('ref'), `key '${p.key.value}' has ref '${k.ref}', but \`ref\` is '${ref}'`)
      }
      const ownerId = positiveInt(file, need('owner_id'), '`owner_id`')
      const repoId = positiveInt(file, need('repo_id'), '`repo_id`')
      const usesNode = get('uses')
      const uses: string[] = []
      if (usesNode && !(usesNode.kind === 'scalar' && usesNode.value === null)) {
        if (usesNode.kind !== 'seq') err(file, usesNode, '`uses` must be a list of pin keys')
        for (const u of usesNode.items) {
          const uk = parsePinKey(scalarString(file, u, 'a `uses` item'), version)
          if (!uk) err(file, u, `'${String((u as YScalar).value)}' is not a pin key of the form owner/repo@ref`)
          uses.push(uk.key)
        }
      }
      const hostNode = get('hostname')
      let hostname: string | undefined
      if (hostNode) {
        hostname = scalarString(file, hostNode, '`hostname`')
        if (!HOSTNAME.test(hostname)) err(file, hostNode, `\`hostname\` '${hostname}' must be github.com or <name>.ghe.com`)
      }
      const entry: LockEntry = { key: k.key, owner: k.owner, repo: k.repo, keyRef: k.ref, ref, commit, ownerId, repoId, uses: uses.sort(), ...(hostname ? { hostname } : {}), line: p.key.pos.line, column: p.key.pos.column }
      const prev = lock.dependencies.get(k.key)
      if (prev) {
        const same = prev.commit.hex === entry.commit.hex && prev.ownerId === entry.ownerId && prev.repoId === entry.repoId && prev.ref === entry.ref && prev.uses.join() === entry.uses.join()
        if (!same) err(file, p.key, `duplicate dependency key '${p.key.value}' (as ${k.key}), first defined at line ${prev.line}`)
        continue
      }
      lock.dependencies.set(k.key, entry)
    }
  }

  const wfs = root.pairs.find((p) => p.key.value === 'workflows')?.value
  if (wfs && !(wfs.kind === 'scalar' && wfs.value === null)) {
    if (wfs.kind !== 'map') err(file, wfs, '`workflows` must be a mapping of workflow paths')
    for (const p of wfs.pairs) {
      const path = checkWorkflowPath(file, p.key)
      const pins: string[] = []
      if (!(p.value.kind === 'scalar' && p.value.value === null)) {
        if (p.value.kind !== 'seq') err(file, p.value, `workflow '${path}' must list pin keys`)
        for (const it of p.value.items) {
          const k = parsePinKey(scalarString(file, it, 'a workflow pin'), version)
          if (!k) err(file, it, `'${String((it as YScalar).value)}' is not a pin key of the form owner/repo@ref`)
          pins.push(k.key)
        }
      }
      lock.workflows.set(path, { pins, line: p.key.pos.line })
    }
  }

  // cycles in the uses graph (three-colour DFS)
  const colour = new Map<string, 1 | 2>()
  const visit = (key: string, path: string[]) => {
    const c = colour.get(key)
    if (c === 2) return
    if (c === 1) {
      const e = lock.dependencies.get(key)!
      throw new InputError(`cycle in \`uses\`: ${[...path.slice(path.indexOf(key)), key].join(' -> ')}`, file, e.line, e.column)
    }
    colour.set(key, 1)
    for (const u of lock.dependencies.get(key)?.uses ?? []) if (lock.dependencies.has(u)) visit(u, [...path, key])
    colour.set(key, 2)
  }
  for (const k of lock.dependencies.keys()) visit(k, [])
  return lock
}

/** The locked closure of a workflow: its listed keys and everything reachable through `uses`; undefined when not onboarded. */
export function lockedClosure(lock: ActionsLock, workflowPath: string): Set<string> | undefined {
  const w = lock.workflows.get(workflowPath)
  if (!w) return undefined
  const out = new Set<string>()
  const stack = [...w.pins]
  while (stack.length) {
    const k = stack.pop()!
    if (out.has(k)) continue
    out.add(k)
    for (const u of lock.dependencies.get(k)?.uses ?? []) stack.push(u)
  }
  return out
}
