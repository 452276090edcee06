/**
 * Package scripts: `npm run release`, `yarn release`, `pnpm run publish`. What a script runs is
 * in the repository's `package.json`, read before the audit (through the API at the run's
 * commit inside a job, from the checkout in the CLI) and attached to the workflow here; the
 * audit itself reads no file. A script that runs one of the catalogue's publishers (`npm
 * publish`, `changeset publish`, `semantic-release`, …), directly or through other scripts
 * (`npm run a` → scripts.a → `npm run b` → scripts.b), publishes to that registry.
 *
 * When the scripts cannot be read (no package.json, one that is not JSON or too large, a
 * working directory written as an expression, a script that runs a file of the repository's),
 * a script named `release` or `publish` in a step whose environment holds a registry token is
 * read as publishing: fail closed, and the evidence says so.
 */
import type { Step, Workflow } from './model.js'
import { homeOf } from './model.js'
import { COMMANDS, CREDENTIAL_ENV, PACKAGE_MANAGERS, RELEASE_SCRIPT_NAMES } from './catalogue.js'
import type { CommandFacts, Registry } from './catalogue.js'
import { get } from './yaml.js'
import { commandSegments, dryRunWords, input, isAction, isDryRun, logicalLines } from './actions.js'
import type { YNode } from './yaml.js'

/** A package.json as the audit sees it. */
export interface PackageManifest {
  /** Repository-relative: `package.json`, `packages/cli/package.json`. */
  path: string
  /** Its `scripts`, when the file was read and they are strings. */
  scripts?: Map<string, string>
  /** Why the scripts could not be used: not read, not JSON, too large, not strings. */
  problem?: string
}

/** package.json files by directory (`''` is the repository root); null: there is none there. */
export type PackageFiles = Map<string, PackageManifest | null>

/** Larger package.json files are not parsed (the largest real ones are a few hundred KB). */
export const MAX_MANIFEST_CHARS = 2_000_000
/** Scripts followed through `npm run` inside scripts. */
export const MAX_SCRIPT_DEPTH = 8
/** A script body longer than this is not read (it is not a command line). */
const MAX_BODY_CHARS = 20_000

type Manager = keyof typeof PACKAGE_MANAGERS

/** A package script run by a shell line. */
export interface ScriptCall {
  /** As written, normalised: `npm run release`. */
  text: string
  name: string
  manager: Manager
  /** The directory its package.json is looked up from; null when it cannot be known. */
  dir: string | null
  /** Passed through to the script (`npm run release -- --dry-run`): a rehearsal. */
  dryRun?: boolean
}

/**
 * Read a package.json's scripts. Never throws: a file that is not JSON, too large, or whose
 * scripts are not strings gives a manifest with a `problem`.
 */
export function parseManifest(text: string, path: string): PackageManifest {
  if (text.length > MAX_MANIFEST_CHARS) return { path, problem: `${path} is ${text.length} characters, over the ${MAX_MANIFEST_CHARS} read` }
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    return { path, problem: `${path} is not JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})` }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { path, problem: `${path} is not a JSON object` }
  const raw = (doc as Record<string, unknown>).scripts
  const scripts = new Map<string, string>()
  if (raw === undefined || raw === null) return { path, scripts }
  if (typeof raw !== 'object' || Array.isArray(raw)) return { path, problem: `\`scripts\` in ${path} is not an object` }
  const bad: string[] = []
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') scripts.set(k, v)
    else bad.push(k)
  }
  if (bad.length) return { path, scripts, problem: `${bad.length === 1 ? 'script' : 'scripts'} ${bad.slice(0, 5).map((b) => `\`${b.slice(0, 60)}\``).join(', ')} in ${path} ${bad.length === 1 ? 'is' : 'are'} not a string` }
  return { path, scripts }
}

const attached = new WeakMap<Workflow, PackageFiles | undefined>()

/** Attach what was read of the repository's package.json files (undefined: nothing was read). */
export function attachPackages(wf: Workflow, files: PackageFiles | undefined): void {
  attached.set(wf, files)
}

/** The package.json files attached to a step's file; undefined when none were read. */
export function packagesOf(step: Step): PackageFiles | undefined {
  const home = homeOf(step)
  return home ? attached.get(home.wf) : undefined
}

/** A directory as a repository path: `./packages/cli/` -> `packages/cli`, `.` -> ``; null when it leaves the repository. */
export function normDir(d: string): string | null {
  const out: string[] = []
  for (const part of d.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (!out.length) return null
      out.pop()
    } else out.push(part)
  }
  return out.join('/')
}

function joinDir(base: string | null, rel: string): string | null {
  if (base === null || /[$`~{}*?]/.test(rel) || rel.startsWith('/')) return null
  return normDir(base ? `${base}/${rel}` : rel)
}

/** Shell words of one command: quotes and escapes resolved, split on blanks. Linear. */
function words(cmd: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote = ''
  let any = false
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]
    if (quote) {
      if (ch === quote) quote = ''
      else cur += ch
      continue
    }
    if (ch === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i]
      any = true
    } else if (ch === '"' || ch === "'") {
      quote = ch
      any = true
    } else if (ch === ' ' || ch === '\t') {
      if (cur || any) out.push(cur)
      cur = ''
      any = false
    } else cur += ch
  }
  if (cur || any) out.push(cur)
  return out
}



/** Words that run the command after them: shell keywords and wrappers. */
const LEADING = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'exec', 'command', 'env', 'nohup', 'sudo', 'npx', 'corepack'])

/** The package script one command runs, if it runs one. `cwd` is the directory it runs in. */
function callOf(ws: string[], cwd: string | null): ScriptCall | undefined {
  let i = 0
  // `FOO=1 npm run x`, `if npm run x`, `env -u X npm run x`, `corepack pnpm run x`
  while (i < ws.length && (/^[A-Za-z_]\w*=/.test(ws[i]) || LEADING.has(ws[i]) || (ws[i].startsWith('-') && i > 0 && LEADING.has(ws[i - 1])))) i++
  const manager = ws[i] as Manager
  if (!(manager in PACKAGE_MANAGERS)) return undefined
  const pm = PACKAGE_MANAGERS[manager]
  let dir = cwd
  i++
  for (; i < ws.length && ws[i].startsWith('-'); i++) {
    const [flag, inline] = ws[i].split('=', 2)
    const value = inline ?? (pm.withValue.has(flag) ? ws[++i] : undefined)
    if (flag === '--prefix' || flag === '--cwd' || flag === '-C' || flag === '--dir') dir = value === undefined ? null : joinDir(cwd, value)
    // a workspace, a filter, or every package: their package.json files are not the one here
    else if (/^(?:-w|--workspace|--workspaces|-ws|-F|--filter|-r|--recursive)$/.test(flag)) dir = null
  }
  const sub = ws[i]
  if (sub === undefined) return undefined
  let name: string | undefined
  if (pm.run.includes(sub)) {
    let j = i + 1
    for (; j < ws.length && ws[j].startsWith('-'); j++) {
      const flag = ws[j].split('=', 1)[0]
      if (/^(?:-w|--workspace|-ws|--workspaces|-F|--filter|-r|--recursive)$/.test(flag)) dir = null
      if (!ws[j].includes('=') && pm.withValue.has(flag)) j++
    }
    name = ws[j]
  } else if (pm.builtins && !pm.builtins.has(sub)) name = sub
  else if (manager === 'yarn' && sub === 'workspace' && ws[i + 2] !== undefined) {
    // `yarn workspace @scope/pkg release`: that package's own package.json
    name = ws[i + 2]
    dir = null
  }
  if (!name || name.startsWith('-')) return undefined
  const rest = ws.slice(ws.indexOf(name) + 1)
  const dryRun = dryRunWords(rest)
  return { ...(dryRun ? { dryRun } : {}), text: `${manager} ${pm.run.includes(sub) ? `${sub} ` : sub === 'workspace' ? `workspace ${ws[i + 1]} ` : ''}${name}`, name, manager, dir }
}

/** The package scripts a `run:` script runs, with the directory each runs in. */
export function scriptCallsIn(script: string, workingDir: string | null): ScriptCall[] {
  const out: ScriptCall[] = []
  let cwd = workingDir
  for (const line of logicalLines(script)) {
    for (const cmd of commandSegments(line, true)) {
      const ws = words(cmd)
      if (ws[0] === 'cd' || ws[0] === 'pushd') {
        cwd = ws[1] === undefined ? workingDir : joinDir(cwd, ws[1])
        continue
      }
      const c = callOf(ws, cwd)
      if (c) out.push(c)
    }
  }
  return out
}

function scalarAt(node: YNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined
}

/**
 * The directory a step's `run:` starts in: its `working-directory:`, else the job's or the
 * workflow's `defaults.run.working-directory`, else the repository root. Null when written as
 * an expression or outside the repository.
 */
export function workingDirOf(step: Step): string | null {
  const home = homeOf(step)
  const fromDefaults = (n: YNode | undefined) => scalarAt(get(get(get(n, 'defaults'), 'run'), 'working-directory'))
  const wd = scalarAt(get(step.node, 'working-directory')) ?? (home ? fromDefaults(home.job.node) ?? fromDefaults(home.wf.yaml.root) : undefined)
  if (wd === undefined) return ''
  if (wd.includes('${{')) return null
  return joinDir('', wd.replace(/^\$\{?GITHUB_WORKSPACE\}?\/?/, ''))
}

/** The package scripts a step runs (memoised). */
export function stepScriptCalls(step: Step): ScriptCall[] {
  let c = callsMemo.get(step)
  if (!c) {
    const run = step.run && step.run.value !== null ? String(step.run.value) : ''
    c = run && /\b(?:npm|pnpm|yarn|bun)\b/.test(run) ? scriptCallsIn(run, workingDirOf(step)) : []
    callsMemo.set(step, c)
  }
  return c
}
const callsMemo = new WeakMap<Step, ScriptCall[]>()

/** The directories whose package.json the step's scripts need, nearest first (npm walks up). */
export function manifestDirs(dir: string): string[] {
  const out = [dir]
  let d = dir
  while (d) {
    d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : ''
    out.push(d)
  }
  return out
}

/** The package.json a script run in `dir` reads: the nearest one at or above it. */
function manifestFor(files: PackageFiles, dir: string): PackageManifest | null | undefined {
  for (const d of manifestDirs(dir)) {
    const m = files.get(d)
    if (m === undefined) return undefined
    if (m !== null) return m
  }
  return null
}

const PUBLISHERS: CommandFacts[] = COMMANDS.filter((c) => c.publishes)
/** Catalogue commands that run a file the gate does not read; package scripts are followed instead. */
const OPAQUE: CommandFacts[] = COMMANDS.filter((c) => c.opaque && !c.publishes && c.label !== 'release script' && c.label !== 'gh api')

/** `npm-run-all a b:*`, `run-s`, `run-p`: the scripts they name, `*` within a `:` part, `**` across. */
function runAllNames(ws: string[], scripts: Map<string, string>): string[] | undefined {
  if (!/^(?:npm-run-all2?|run-s|run-p)$/.test(ws[0] ?? '')) return undefined
  const out: string[] = []
  for (const w of ws.slice(1)) {
    if (w.startsWith('-')) continue
    if (!w.includes('*')) {
      out.push(w)
      continue
    }
    // a pattern of many wildcards would cost more than linear time to match: not followed
    if ((w.match(/\*+/g) ?? []).length > 3 || w.length > 200) continue
    let re = '^'
    for (let i = 0; i < w.length; i++) {
      if (w[i] === '*' && w[i + 1] === '*' && w[i + 2] === '*') continue
      if (w[i] === '*' && w[i + 1] === '*') {
        re += '.*'
        i++
      } else if (w[i] === '*') re += '[^:]*'
      else re += w[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
    const pat = new RegExp(`${re}$`)
    for (const k of scripts.keys()) if (pat.test(k)) out.push(k)
  }
  return out
}

type Walk = { publishes: { registry: Registry; command: string; chain: string[] } } | { opaque: string; chain: string[] } | { clean: true } | { missing: true }

/** What a script runs, following `npm run` chains with a depth bound and a cycle guard. */
function walk(m: PackageManifest & { scripts: Map<string, string> }, name: string, chain: string[], seen: Set<string>): Walk {
  if (!m.scripts.has(name)) return { missing: true }
  if (seen.has(name)) return { clean: true }
  if (chain.length >= MAX_SCRIPT_DEPTH) return { opaque: `scripts nested deeper than ${MAX_SCRIPT_DEPTH}`, chain }
  seen.add(name)
  let opaque: { opaque: string; chain: string[] } | undefined
  // npm runs `pre<name>` and `post<name>` around a script
  for (const n of [`pre${name}`, name, `post${name}`]) {
    const body = m.scripts.get(n)
    if (body === undefined) continue
    const here = [...chain, n]
    if (body.length > MAX_BODY_CHARS) {
      opaque ??= { opaque: `scripts.${n} is ${body.length} characters long`, chain: here }
      continue
    }
    for (const line of logicalLines(body)) {
      for (const cmd of commandSegments(line, true)) {
        const ws = words(cmd)
        // another script of this package first (`yarn publish:all` is scripts.publish:all)
        const call = callOf(ws, '')
        const nested = runAllNames(ws, m.scripts) ?? (call && m.scripts.has(call.name) ? (call.dir === '' ? [call.name] : undefined) : undefined)
        if (call && call.dir !== '') opaque ??= { opaque: `\`${call.text}\` in another package`, chain: here }
        if (nested) {
          for (const nn of nested) {
            const r = walk(m, nn, here, seen)
            if ('publishes' in r) return r
            if ('opaque' in r) opaque ??= r
          }
          continue
        }
        const plain = ws.join(' ')
        for (const c of PUBLISHERS) {
          if (!(c.re.test(cmd) || c.re.test(plain))) continue
          if (isDryRun(cmd) || c.rehearsal?.test(cmd) || c.unseen?.test(cmd)) continue
          return { publishes: { registry: c.publishes!, command: cmd, chain: here } }
        }
        const o = OPAQUE.find((c) => c.re.test(cmd))
        if (o) opaque ??= { opaque: `\`${cmd.length > 80 ? `${cmd.slice(0, 77)}...` : cmd}\``, chain: here }
      }
    }
  }
  return opaque ?? { clean: true }
}

/**
 * A registry token in a step's environment: its `env:`, its job's, its workflow's, or set by
 * its own script (`export NPM_TOKEN=…`, `NODE_AUTH_TOKEN=… npm run release`).
 */
export function registryTokenIn(step: Step): { name: string; registry: Registry } | undefined {
  const home = homeOf(step)
  const envs: Array<Map<string, YNode>> = [step.env, ...(home ? [home.job.env, home.wf.env] : [])]
  for (const env of envs) {
    for (const [k, v] of env) {
      const c = CREDENTIAL_ENV.find((x) => x.re.test(k))
      if (c && scalarAt(v)?.trim()) return { name: k, registry: c.registry }
    }
  }
  const run = step.run && step.run.value !== null ? String(step.run.value) : ''
  for (const m of run.matchAll(/(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_]\w*)=(?=[^\s;&|)])/g)) {
    const c = CREDENTIAL_ENV.find((x) => x.re.test(m[1]))
    if (c) return { name: m[1], registry: c.registry }
  }
  return undefined
}

export interface ScriptPublish {
  registry: Registry
  /** The command as run: `npm run release`. */
  command: string
  /** What was seen, for messages: "`npm run release` runs `changeset publish` (package.json scripts.release)". */
  evidence: string
  /** The package.json could not settle it: read as publishing (fail closed). */
  assumed?: boolean
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``

/**
 * How a step can publish to npm without a stored token, in words: its job holds `id-token:
 * write` (npm trusted publishing asks for nothing else), or an earlier `actions/setup-node`
 * step set `registry-url` (it writes the `.npmrc` that authenticates `npm publish`).
 * Undefined when neither.
 */
export function npmAuthIn(step: Step): { by: 'id-token' | 'registry-url'; words: string } | undefined {
  const home = homeOf(step)
  if (!home) return undefined
  for (const s of home.job.steps) {
    if (s === step) break
    const url = isAction(s, 'actions/setup-node') ? input(s, 'registry-url')?.trim() : undefined
    if (url) return { by: 'registry-url', words: `sets up npm with ${code(`registry-url: ${url}`)}` }
  }
  const p = home.job.permissions ?? home.wf.permissions
  if (p && (p.kind === 'write-all' || p.kind === 'expression' || p.scopes.get('id-token')?.value === 'write')) return { by: 'id-token', words: 'holds `id-token: write`' }
  return undefined
}

/** Does a step publish through a package script? */
export function scriptPublishes(step: Step): ScriptPublish | undefined {
  const calls = stepScriptCalls(step)
  if (!calls.length) return undefined
  const files = packagesOf(step)
  let assumed: ScriptPublish | undefined
  for (const call of calls) {
    // `npm run release -- --dry-run`: the flag reaches the publisher, which publishes nothing
    if (call.dryRun) continue
    let why: string
    const m = call.dir === null ? undefined : files ? manifestFor(files, call.dir) : undefined
    if (call.dir === null) why = 'the package it runs in is not known before the run'
    else if (!files || m === undefined) why = 'package.json was not read'
    else if (m === null) why = `there is no package.json${call.dir ? ` in ${call.dir} or above it` : ''}`
    else if (!m.scripts || (m.problem && !m.scripts.has(call.name))) why = m.problem ?? `${m.path} could not be read`
    else {
      const r = walk(m as PackageManifest & { scripts: Map<string, string> }, call.name, [], new Set())
      if ('publishes' in r) {
        const via = r.publishes.chain.map((n) => `scripts.${n}`).join(' → ')
        return { registry: r.publishes.registry, command: call.text, evidence: `${code(call.text)} runs ${code(r.publishes.command)} (${m.path} ${via})` }
      }
      if ('opaque' in r) why = `${r.chain.map((n) => `scripts.${n}`).join(' → ')} in ${m.path} runs ${r.opaque}, which the gate does not read`
      else continue
    }
    if (assumed || !RELEASE_SCRIPT_NAMES.test(call.name)) continue
    const token = registryTokenIn(step)
    if (token) assumed = { registry: token.registry, command: call.text, evidence: `${code(call.text)} with ${code(token.name)} in its environment (${why}: read as publishing)`, assumed: true }
    else {
      // npm trusted publishing needs no token: the job's OIDC token, or the registry setup-node wrote
      const auth = npmAuthIn(step)
      if (auth) assumed = { registry: 'npm', command: call.text, evidence: `${code(call.text)} in a job that ${auth.words} (${why}: read as publishing)`, assumed: true }
    }
  }
  return assumed
}

/** The directories whose package.json the workflows' package scripts read (for the loaders). */
export function scriptDirs(wfs: Workflow[]): Set<string> {
  const dirs = new Set<string>()
  for (const wf of wfs) for (const job of wf.jobs) for (const s of job.steps) for (const c of stepScriptCalls(s)) if (c.dir !== null) for (const d of manifestDirs(c.dir)) dirs.add(d)
  return dirs
}
