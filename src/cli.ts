#!/usr/bin/env node
/**
 * The same engine from a terminal:
 *   release-gate audit <workflow.yml|dir>... [--job ID] [--format text|json|sarif|github]
 *                      [--config F] [--fail-on L] [--offline] [--disable IDS] [--allow 'P -- R']
 * Exit codes: 0 pass, 1 blocked, 2 usage or input error.
 */
import { appendFileSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { dirname, join, relative, isAbsolute, resolve, sep } from 'node:path'
import { DEFAULT_DOCS_BASE, VERSION, auditTarget, buildReport } from './engine.js'
import type { AuditTarget, EngineOptions, Report } from './engine.js'
import { readSettings, DEFAULT_CONFIG_PATH } from './context/inputs.js'
import { emptyConfig, parseConfig } from './context/config.js'
import { parseWorkflow } from './workflow/model.js'
import type { Workflow } from './workflow/model.js'
import { InputError, YAML_LIMITS, decodeUtf8 } from './workflow/yaml.js'
import { renderText } from './report/text.js'
import { toJson } from './report/json.js'
import { toSarif } from './report/sarif.js'
import { commandLines } from './report/annotations.js'
import { apiReader, fsReader, loadLocal, usesLocal } from './context/local.js'
import { loadPackages } from './context/packages.js'
import { lockedCommits, readLocks } from './resolve/locks.js'
import { auditInParallel, workerCount } from './parallel.js'
import type { Claim, Part, WorkerJob, WorkerReply } from './parallel.js'
import { selectScope } from './workflow/scope.js'
import { githubProblems } from './workflow/github-schema.js'
import { ApiError } from './resolve/api-error.js'
import type { GitHubApi } from './resolve/github.js'
import { renderSummary } from './report/summary.js'
import type { Skipped } from './engine.js'
import { COMMANDS, OPTIONS, PAGES, USAGE, commandHelp } from './help.js'
import type { Command } from './help.js'

export { USAGE }

/** A usage error: one line, and where to read the usage (`<command> --help`). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message)
  }
}

export interface CliArgs {
  command: Command
  paths: string[]
  job?: string
  format: 'text' | 'json' | 'sarif' | 'github' | 'markdown'
  config?: string
  failOn: string
  disable: string
  allow: string[]
  offline: boolean
  repos: string[]
  reposFile?: string
  org?: string
  includeForks: boolean
  includeArchived: boolean
  shard?: { index: number; total: number }
  apiUrl?: string
  cacheDir?: string
  requireLock: boolean
  check: boolean
  color: 'auto' | 'always' | 'never'
  summaryFile?: string
}

export type Parsed = CliArgs | { help: Command | '' } | 'version'

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
  return d[a.length][b.length]
}

function suggest(word: string, known: readonly string[]): string {
  const best = known.map((k) => [k, distance(word, k)] as const).sort((x, y) => x[1] - y[1])[0]
  return best && best[1] <= 2 ? `; did you mean '${best[0]}'?` : ''
}

const FORMATS: Record<Command, readonly string[]> = {
  audit: ['text', 'json', 'sarif', 'github'],
  tree: ['text', 'json'],
  lock: [],
  hash: [],
  merge: ['text', 'json', 'sarif', 'markdown'],
}

/** `I/N`, 1 <= I <= N. */
export function parseShard(v: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim())
  const index = m ? Number(m[1]) : NaN
  const total = m ? Number(m[2]) : NaN
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard is '${v}'; expected I/N with 1 <= I <= N, such as 2/4`, 'audit')
  return { index, total }
}

export function parseArgs(argv: string[]): Parsed {
  if (argv.length === 0) return { help: '' }
  const [first, ...rest] = argv
  if (first === '-h' || first === '--help') return { help: '' }
  if (first === '-V' || first === '--version') return 'version'
  if (first === 'help') {
    if (rest.length === 0) return { help: '' }
    if (!COMMANDS.includes(rest[0] as Command)) throw new UsageError(`no help for '${rest[0]}': commands are ${COMMANDS.join(', ')}${suggest(rest[0], COMMANDS)}`)
    return { help: rest[0] as Command }
  }
  if (first.startsWith('-')) throw new UsageError(`'${first}' comes after a command: release-gate <command> [options]`)
  if (!COMMANDS.includes(first as Command)) throw new UsageError(`unknown command '${first}'; expected ${COMMANDS.join(', ')}${suggest(first, COMMANDS)}`)
  const command = first as Command
  if (rest.includes('-h') || rest.includes('--help')) return { help: command }
  if (rest.includes('-V') || rest.includes('--version')) return 'version'
  const usage = (m: string) => new UsageError(m, command)
  const allowed = PAGES[command].options
  const a: CliArgs = { command, paths: [], format: 'text', failOn: 'error', disable: '', allow: [], offline: false, repos: [], includeForks: false, includeArchived: false, requireLock: false, check: false, color: 'auto' }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    if (flag.startsWith('-') && flag !== '-') {
      if (!(flag in OPTIONS)) throw usage(`unknown option '${flag}'${suggest(flag, allowed)}`)
      if (!allowed.includes(flag)) throw usage(`${command} does not take ${flag}`)
      if (!OPTIONS[flag].value && inline !== undefined) throw usage(`${flag} takes no value`)
    }
    const value = (): string => {
      if (inline !== undefined) return inline
      const v = rest[++i]
      if (v === undefined || v.startsWith('--')) throw usage(`${flag} needs a value (${OPTIONS[flag].value})`)
      return v
    }
    switch (flag) {
      case '--job':
        a.job = value()
        break
      case '--format': {
        const f = value()
        if (!FORMATS[command].includes(f)) throw usage(`--format is '${f}'; expected ${FORMATS[command].join(', ')}`)
        a.format = f as CliArgs['format']
        break
      }
      case '--config':
        a.config = value()
        break
      case '--fail-on':
        a.failOn = value()
        break
      case '--disable':
        a.disable += (a.disable ? ',' : '') + value()
        break
      case '--allow':
        a.allow.push(value())
        break
      case '--offline':
        a.offline = true
        break
      case '--repo': {
        const r = value()
        if (!REPO_SPEC.test(r)) throw usage(`--repo is '${r}'; expected owner/name or owner/name@ref`)
        a.repos.push(r)
        break
      }
      case '--repos-file':
        a.reposFile = value()
        break
      case '--org': {
        const o = value()
        if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(o)) throw usage(`--org is '${o}'; expected an organisation or user name`)
        a.org = o
        break
      }
      case '--include-forks':
        a.includeForks = true
        break
      case '--include-archived':
        a.includeArchived = true
        break
      case '--shard':
        a.shard = parseShard(value())
        break
      case '--api-url':
        a.apiUrl = value()
        break
      case '--cache-dir':
        a.cacheDir = value()
        break
      case '--require-lock':
        a.requireLock = true
        break
      case '--check':
        a.check = true
        break
      case '--color': {
        const c = value()
        if (!['auto', 'always', 'never'].includes(c)) throw usage(`--color is '${c}'; expected auto, always or never`)
        a.color = c as CliArgs['color']
        break
      }
      case '--summary':
        a.summaryFile = value()
        break
      default:
        a.paths.push(arg)
    }
  }
  if (command === 'lock' && a.paths.length === 0) a.paths.push('.')
  const remote = a.repos.length > 0 || !!a.reposFile || !!a.org
  if (command === 'audit' && a.paths.length === 0 && !remote) throw usage('name at least one workflow file or directory, or --repo, or --org')
  if ((a.includeForks || a.includeArchived) && !a.org) throw usage('--include-forks and --include-archived go with --org')
  if (a.shard && !remote) throw usage('--shard splits repositories: use it with --org, --repo or --repos-file')
  if (command === 'tree' && a.paths.length !== 1) throw usage('tree takes one workflow file')
  if (command === 'hash' && a.paths.length === 0) throw usage('hash takes one or more directories')
  if (command === 'merge' && a.paths.length === 0) throw usage('merge takes one or more JSON reports (from audit --format json)')
  return a
}

const REPO_SPEC = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+(@[^\s]+)?$/

const YAML_FILE = /\.ya?ml$/i

/** Expand directories: a repository's .github/workflows, or the YAML files in the folder. */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = []
  for (const p of paths) {
    let st
    try {
      st = statSync(p)
    } catch {
      throw new InputError('no such file or directory', p)
    }
    if (st.isFile()) {
      out.push(p)
      continue
    }
    const wfDir = join(p, '.github', 'workflows')
    const dir = existsSync(wfDir) && statSync(wfDir).isDirectory() ? wfDir : p
    const files = readdirSync(dir)
      .filter((f) => YAML_FILE.test(f) && statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => join(dir, f))
    if (files.length === 0) throw new InputError('no .yml or .yaml files here', dir)
    out.push(...files)
  }
  return [...new Set(out)]
}

function display(p: string): string {
  const r = isAbsolute(p) ? relative(process.cwd(), p) : p
  return r.startsWith('..') ? p : r.replace(/\\/g, '/')
}

function findConfig(a: CliArgs): string | undefined {
  if (a.config) return a.config
  for (const p of a.paths) {
    const c = join(p, DEFAULT_CONFIG_PATH)
    if (existsSync(c)) return c
  }
  return existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined
}

function readText(p: string): string {
  try {
    const st = statSync(p)
    if (st.size > YAML_LIMITS.maxBytes) throw new InputError(`file is ${st.size} bytes; release-gate reads YAML files of at most ${YAML_LIMITS.maxBytes} bytes`, p)
    return decodeUtf8(readFileSync(p), p)
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, p)
  }
}

/** The checkout a workflow file lives in: the folder above `.github/workflows/`. */
export function repoRoot(file: string): string | undefined {
  const abs = resolve(file)
  const parts = abs.split(sep)
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i] === 'workflows' && parts[i - 1] === '.github') return parts.slice(0, i - 1).join(sep) || sep
  }
  // an action.yml: local `./` paths are relative to the repository it lives in
  if (!/^action\.ya?ml$/i.test(parts[parts.length - 1])) return undefined
  let d = dirname(abs)
  for (let n = 0; n < 20; n++) {
    if (existsSync(join(d, '.github'))) return d
    const up = dirname(d)
    if (up === d) break
    d = up
  }
  return undefined
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  report?: Report
}

/**
 * Local files as audit targets, with the local actions, workflows and locks they use — one at
 * a time, so that an offline audit of a thousand files holds one model in memory, not all.
 */
async function* localTargets(a: CliArgs, skipped: Skipped[]): AsyncGenerator<[number, AuditTarget]> {
  const files = collectFiles(a.paths)
  const jobsSeen: string[] = []
  let matched = 0
  for (const [index, file] of files.entries()) {
    const wf = parseWorkflow(readText(file), display(file))
    // in .github/workflows/ GitHub runs it as a workflow, so a broken one there is a finding
    if (!IN_WORKFLOWS_DIR.test(resolve(file))) notWorkflowOrAction(wf)
    if (a.job && !wf.jobs.some((j) => j.id === a.job)) {
      jobsSeen.push(...wf.jobs.map((j) => j.id))
      continue
    }
    matched++
    const t: AuditTarget = { file: wf.file, workflow: wf, source: 'local', failures: [], ...(a.job ? { jobId: a.job } : {}) }
    const root = repoRoot(file)
    if (usesLocal(wf)) {
      if (!root) skipped.push({ check: `read the local actions and workflows ${wf.file} uses`, reason: 'the file is not inside a repository checkout (no .github/ above it)' })
      else {
        const l = await loadLocal(wf, fsReader(root, (p) => display(join(root, p)), `the checkout at ${display(root) || '.'}`))
        t.local = l.local
        t.related = l.related
        t.failures.push(...l.failures)
        skipped.push(...l.skipped)
      }
    }
    if (root) {
      const p = await loadPackages(wf, t.local, fsReader(root, (p) => display(join(root, p)), `the checkout at ${display(root) || '.'}`))
      if (p.packages) t.packages = p.packages
      t.failures.push(...p.failures)
      skipped.push(...p.skipped)
    }
    if (root && wf.kind === 'workflow') {
      const locks = await readLocks(fsReader(root, (p) => display(join(root, p)), 'the checkout'), relative(root, resolve(file)).split(sep).join('/'), a.requireLock)
      t.lock = locks.facts
      t.failures.push(...locks.failures)
    }
    yield [index, t]
  }
  if (a.job && matched === 0) throw new UsageError(`no job '${a.job}' in ${files.map(display).join(', ')} (jobs: ${jobsSeen.join(', ') || 'none'})`)
}

const IN_WORKFLOWS_DIR = /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+$/

/**
 * A YAML file that is neither a workflow (`on:`, `jobs:`) nor an action (`runs:`) — a
 * `dependabot.yml`, a `package.json` — is an input error, not a workflow with findings.
 */
function notWorkflowOrAction(wf: Workflow): void {
  const root = wf.yaml.root
  if (wf.kind === 'action') return
  const keys = root?.kind === 'map' ? root.pairs.map((p) => String(p.key.value)) : []
  if (['on', 'jobs', 'true', 'runs'].some((k) => keys.includes(k))) return
  throw new InputError('not a GitHub Actions workflow (no `on:` or `jobs:`) nor an action (no `runs:`); name a workflow, an action.yml or a directory', wf.file)
}

function isRateLimit(e: unknown): boolean {
  return e instanceof ApiError && /rate limit/i.test(e.message)
}

/** A repository's workflows through the API, for sweeping many repositories from one machine. */
async function repoTargets(specs: string[], api: GitHubApi, skipped: Skipped[], repoOf: Map<AuditTarget, { owner: string; repo: string }>): Promise<AuditTarget[]> {
  const out: AuditTarget[] = []
  let stopped = false
  const { Pool } = await import('./resolve/pool.js')
  const pool = new Pool(4)
  await Promise.all(
    specs.map((spec) =>
      pool.run(async () => {
        if (stopped) {
          skipped.push({ check: `audit ${spec}`, reason: 'not checked: the GitHub API rate limit was reached' })
          return
        }
        const [name, refIn] = spec.split('@')
        const [owner, repo] = name.split('/')
        try {
          let ref = refIn
          if (!ref) {
            const info = await api.getJson<{ default_branch?: string }>(`/repos/${owner}/${repo}`)
            if (!info) throw new Error(`${name} does not exist or the token cannot read it`)
            ref = info.data.default_branch ?? 'main'
          }
          const c = await api.getJson<{ sha?: string }>(`/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`)
          if (!c?.data.sha) throw new Error(`${name} has no ref '${ref}'`)
          const reader = apiReader(api, owner, repo, c.data.sha, (p) => `${name}/${p}`)
          const paths = await reader.listWorkflows()
          if (paths.length === 0) skipped.push({ check: `audit ${spec}`, reason: 'no workflows in .github/workflows' })
          for (const p of paths) {
            const t: AuditTarget = { file: reader.display(p), source: 'api', failures: [] }
            repoOf.set(t, { owner, repo })
            out.push(t)
            const text = await reader.read(p)
            if (text === undefined) continue
            try {
              t.workflow = parseWorkflow(text, reader.display(p))
              const l = await loadLocal(t.workflow, reader)
              t.local = l.local
              t.related = l.related
              t.failures.push(...l.failures)
              const pk = await loadPackages(t.workflow, t.local, reader)
              if (pk.packages) t.packages = pk.packages
              t.failures.push(...pk.failures)
              skipped.push(...pk.skipped)
            } catch (e) {
              if (!(e instanceof InputError)) throw e
              t.failures.push({ check: `parse ${t.file}`, reason: e.message, fix: 'Fix the YAML of the workflow.', ...(e.line ? { line: e.line } : {}) })
            }
          }
        } catch (e) {
          if (isRateLimit(e)) {
            stopped = true
            skipped.push({ check: `audit ${spec}`, reason: `not checked: ${(e as Error).message}` })
            return
          }
          const t: AuditTarget = { file: name, source: 'api', failures: [{ check: `read ${spec}`, reason: e instanceof Error ? e.message : String(e), fix: 'Check the repository name and that the token can read it.' }] }
          out.push(t)
        }
      }),
    ),
  )
  return out.sort((x, y) => x.file.localeCompare(y.file))
}

/** The repositories of `--repo`, `--repos-file` and `--org`, this shard's share, audited through the API. */
async function sweepTargets(a: CliArgs, api: GitHubApi, skipped: Skipped[], repoOf: Map<AuditTarget, { owner: string; repo: string }>): Promise<AuditTarget[]> {
  const out: AuditTarget[] = []
  const specs = [...a.repos]
  const { MAX_ORG_PAGES, inShard, listOrgRepos } = await import('./org.js')
  if (a.org) {
    try {
      const l = await listOrgRepos(api, a.org, a)
      specs.push(...l.repos)
      if (!l.complete) skipped.push({ check: `list every repository of ${a.org}`, reason: `not checked: only the first ${MAX_ORG_PAGES * 100} repositories were listed` })
      if (l.leftOut.forks) skipped.push({ check: `audit ${l.leftOut.forks} fork${l.leftOut.forks === 1 ? '' : 's'} of ${a.org}`, reason: 'left out: --include-forks audits them' })
      if (l.leftOut.archived) skipped.push({ check: `audit ${l.leftOut.archived} archived repositor${l.leftOut.archived === 1 ? 'y' : 'ies'} of ${a.org}`, reason: 'left out: --include-archived audits them' })
    } catch (e) {
      // nothing of the organisation was checked: that blocks, it does not pass
      const why = e instanceof Error ? e.message : String(e)
      out.push({ file: a.org, source: 'api', failures: [{ check: `list the repositories of ${a.org}`, reason: why, fix: isRateLimit(e) ? 'Run again after the rate limit resets (GH_TOKEN raises it), or split the sweep with --shard.' : 'Check the organisation name and that the token can read it.' }] })
    }
  }
  const seen = new Set<string>()
  const unique = specs.filter((s) => {
    const k = s.split('@')[0].toLowerCase()
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  const mine = unique.filter((s) => inShard(s, a.shard))
  if (a.shard) skipped.push({ check: `shard ${a.shard.index}/${a.shard.total}`, reason: `${mine.length} of ${unique.length} repositories audited here; the other shards audit the rest` })
  out.push(...(await repoTargets(mine, api, skipped, repoOf)))
  return out
}

function offlineWhy(a: { offline: boolean }): string {
  return a.offline ? 'offline (--offline)' : 'no token: set GH_TOKEN or GITHUB_TOKEN to check transitive dependencies, impostor commits, version comments and advisories'
}

/** The bundle's own URL, set by the CLI entry so that workers can start it; unset under tests. */
let workerEntry: URL | undefined
export function setWorkerEntry(u: URL): void {
  workerEntry = u
}

/**
 * What one thread (a worker, or the main thread beside them) does with the files: claim the
 * next chunk, audit it as a sequential run would, until none is left. An input error ends the
 * run: no thread claims more, and the lowest file index with an error is the one reported.
 */
export async function auditShare(job: WorkerJob, claim: Claim): Promise<WorkerReply> {
  const parts: Array<{ index: number; part: Part; fileSkipped: Skipped[] }> = []
  let range: [number, number] | undefined
  let at = 0
  while ((range = claim())) {
    const [start, end] = range
    const skipped: Skipped[] = []
    const args: CliArgs = { command: 'audit', paths: job.files.slice(start, end), format: 'json', failOn: job.opts.failOn, disable: '', allow: [], offline: true, repos: [], includeForks: false, includeArchived: false, requireLock: job.requireLock, check: false, color: 'never' }
    at = start
    try {
      let mark = 0
      for await (const [index, t] of localTargets(args, skipped)) {
        at = start + index
        t.offlineReason = job.offlineReason
        parts.push({ index: start + index, part: auditTarget(t, { ...job.opts, githubParser: githubProblems }), fileSkipped: skipped.slice(mark) })
        mark = skipped.length
      }
    } catch (e) {
      Atomics.store(new Int32Array(job.counter), 0, job.files.length)
      return { ok: false, index: at, error: e instanceof Error ? e.message : String(e), usage: e instanceof InputError || e instanceof UsageError }
    }
  }
  return { ok: true, parts }
}

/** What the CLI knows of the terminal it writes to. */
export interface Terminal {
  isTTY?: boolean
  columns?: number
}

/**
 * Colour: `--color always|never` decides; otherwise FORCE_COLOR (set and not `0`) turns it on
 * and `0` off, then NO_COLOR (set, not empty) turns it off, as no-color.org asks; otherwise on
 * a terminal that is not `TERM=dumb`.
 */
export function useColor(flag: CliArgs['color'], env: NodeJS.ProcessEnv, term: Terminal): boolean {
  if (flag !== 'auto') return flag === 'always'
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase())
  if (env.NO_COLOR) return false
  return !!term.isTTY && env.TERM !== 'dumb'
}

/** Terminal width: the terminal's, else COLUMNS, else 100. */
export function textWidth(env: NodeJS.ProcessEnv, term: Terminal): number {
  const cols = term.isTTY && term.columns ? term.columns : Number(env.COLUMNS)
  return Number.isFinite(cols) && cols >= 40 ? Math.min(cols, 200) : 100
}

interface Out {
  color: boolean
  width: number
}

function render(a: CliArgs, report: Report, api: GitHubApi | undefined, out: Out): CliResult {
  const extra = { api: api ? { requests: api.requests } : null }
  const stdout =
    a.format === 'json'
      ? toJson(report, extra)
      : a.format === 'sarif'
        ? toSarif(report, DEFAULT_DOCS_BASE)
        : a.format === 'github'
          ? commandLines(report).join('\n') + '\n'
          : renderText(report, out) + (api ? `GitHub API requests: ${api.requests}\n` : '')
  return { code: report.verdict === 'fail' ? 1 : 0, stdout, stderr: '', report }
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, term: Terminal = {}): Promise<CliResult> {
  let a: Parsed
  try {
    a = parseArgs(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      const more = e.command ? `release-gate ${e.command} --help` : 'release-gate --help'
      return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\nRun '${more}' for usage.\n` }
    }
    throw e
  }
  if (a === 'version') return { code: 0, stdout: `release-gate ${VERSION}\n`, stderr: '' }
  if ('help' in a) return { code: 0, stdout: a.help ? commandHelp(a.help) : USAGE, stderr: '' }
  const out: Out = { color: useColor(a.color, env, term), width: textWidth(env, term) }
  if (a.command === 'hash') {
    const lines: string[] = []
    for (const p of a.paths) {
      let st
      try {
        st = statSync(p)
      } catch {
        return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: no such directory\n` }
      }
      if (!st.isDirectory()) return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: not a directory (hash takes the folder of an action)\n` }
      try {
        const { hashDir } = await import('./resolve/dirhash.js')
        lines.push(`${await hashDir(p)}  ${display(p)}`)
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: cannot read${err.path ? ` ${display(err.path)}` : ''}: ${err.code ?? err.message}\n` }
      }
    }
    return { code: 0, stdout: lines.join('\n') + '\n', stderr: '' }
  }
  if (a.command === 'merge') return await runMerge(a, out)
  try {
    const settings = readSettings({
      get: (n) =>
        ({ 'fail-on': a.failOn, disable: a.disable, allow: a.allow.join('\n'), offline: a.offline ? 'true' : 'false', config: a.config ?? '' })[n] ?? '',
    })
    const cfgPath = findConfig(a)
    const config = cfgPath ? parseConfig(readText(cfgPath), display(cfgPath)) : emptyConfig()
    const opts: EngineOptions = {
      failOn: settings.failOn,
      disabled: settings.disabled,
      config,
      allow: [...settings.allow, ...config.allow],
      docsBase: DEFAULT_DOCS_BASE,
      githubParser: githubProblems,
    }
    const token = (env.GH_TOKEN || env.GITHUB_TOKEN || '').trim()
    const apiUrl = a.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com'
    if (a.reposFile) a.repos.push(...readText(a.reposFile).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))
    const remote = a.repos.length > 0 || !!a.org
    if (remote && a.offline) throw new UsageError('--repo and --org read repositories through the API; they cannot be combined with --offline', 'audit')
    const online = !a.offline && (token !== '' || remote || a.command === 'lock')
    if (a.command === 'tree' && !online) throw new UsageError('tree resolves actions through the GitHub API: set GH_TOKEN (or GITHUB_TOKEN)')
    // what only some commands, or an online run, need is loaded when they do: an offline audit
    // starts without the REST client, the resolver, the lock writer or the organisation sweep
    const api = online ? new (await import('./resolve/github.js')).GitHubApi({ baseUrl: apiUrl, ...(token ? { token } : {}) }) : undefined
    const skipped: Skipped[] = []
    const repoOf = new Map<AuditTarget, { owner: string; repo: string }>()
    if (!api && a.command === 'audit') {
      // offline: audit each file as it is read, keeping only its findings; many files: on every core
      const files = collectFiles(a.paths)
      const n = a.job ? 1 : workerCount(files.length, env)
      if (n > 1 && workerEntry) {
        // a function does not cross to a worker: each worker supplies GitHub's parser itself
        const { githubParser: _parser, ...plain } = opts
        const r = await auditInParallel(workerEntry, n, { files, requireLock: a.requireLock, offlineReason: offlineWhy(a), opts: plain }, auditShare)
        return render(a, buildReport(r.parts, [...skipped, ...r.skipped], opts), undefined, out)
      }
      const parts = []
      for await (const [, t] of localTargets({ ...a, paths: files }, skipped)) {
        t.offlineReason = offlineWhy(a)
        parts.push(auditTarget(t, opts))
      }
      return render(a, buildReport(parts, skipped, opts), undefined, out)
    }
    const targets: AuditTarget[] = []
    if (a.paths.length) for await (const [, t] of localTargets(a, skipped)) targets.push(t)
    if (remote) targets.push(...(await sweepTargets(a, api!, skipped, repoOf)))
    if (a.command === 'lock') {
      if (!api) throw new UsageError('lock hashes the actions\' tarballs through the GitHub API; run it without --offline (GH_TOKEN raises the rate limit)')
      const files = collectFiles(a.paths)
      const root = repoRoot(files[0])
      if (!root) throw new UsageError(`${display(files[0])} is not inside a repository checkout (no .github/workflows above it)`)
      const { runLock } = await import('./lock.js')
      const r = await runLock({
        root,
        workflows: targets.filter((t) => t.workflow?.kind === 'workflow').map((t) => t.workflow!),
        reader: fsReader(root, (p) => display(join(root, p)), 'the checkout'),
        api,
        check: a.check,
        all: a.paths.length === 1 && resolve(a.paths[0]) === root,
      })
      return { code: r.code, stdout: r.out, stderr: '' }
    }
    if (a.command === 'tree') {
      if (!api) throw new UsageError('tree resolves actions through the GitHub API: set GH_TOKEN (or GITHUB_TOKEN)')
      const t = targets[0]
      if (!t.workflow) return { code: 2, stdout: '', stderr: `release-gate: ${t.file} could not be read\n` }
      const { resolveScope } = await import('./resolve/graph.js')
      const { renderTree } = await import('./report/tree.js')
      const { ShaCache } = await import('./resolve/cache.js')
      const started = performance.now()
      const locked = lockedCommits(t.lock)
      const res = await resolveScope(t.workflow, selectScope(t.workflow, a.job, t.local), t.local ?? new Map(), { api, ...(a.cacheDir ? { cache: new ShaCache(a.cacheDir) } : {}), ...(locked.size ? { locked } : {}) })
      const ms = Math.round(performance.now() - started)
      const failed = res.failures.map((f) => `release-gate: could not ${f.check}: ${f.reason}\n`).join('')
      const text = renderTree(res, `${t.file}${a.job ? ` › ${a.job}` : ''}`)
      const stdout = a.format === 'json' ? JSON.stringify({ tree: text, actions: res.nodes.size, requests: api.requests, contentRequests: res.contentRequests, resolveMs: ms }) + '\n' : text
      return { code: failed ? 1 : 0, stdout, stderr: failed }
    }
    if (api) {
      const { goOnline } = await import('./resolve/index.js')
      const { ShaCache } = await import('./resolve/cache.js')
      const cache = a.cacheDir ? new ShaCache(a.cacheDir) : undefined
      for (const t of targets) await goOnline(t, { api, ...(cache ? { cache } : {}), ...(repoOf.has(t) ? { repository: repoOf.get(t)! } : {}), ...(t.lock ? { lock: t.lock } : {}) })
    } else {
      const why = a.offline ? 'offline (--offline)' : 'no token: set GH_TOKEN or GITHUB_TOKEN to check transitive dependencies, impostor commits, version comments and advisories'
      for (const t of targets) t.offlineReason = why
    }
    return render(a, buildReport(targets.map((t) => auditTarget(t, opts)), skipped, opts), api, out)
  } catch (e) {
    if (e instanceof UsageError && e.command) return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\nRun 'release-gate ${e.command} --help' for usage.\n` }
    if (e instanceof InputError || e instanceof UsageError || (e as { usage?: boolean }).usage) return { code: 2, stdout: '', stderr: `release-gate: ${(e as Error).message}\n` }
    if (e instanceof Error && /^(Input|Allow)/.test(e.message)) return { code: 2, stdout: '', stderr: `release-gate: ${e.message.replace(/^Input '([^']+)'/, '--$1')}\n` }
    throw e
  }
}

/** `merge REPORT.json...`: one report from many; exit 1 when any part blocks. */
async function runMerge(a: CliArgs, out: Out): Promise<CliResult> {
  const { mergeReports, readJsonReport } = await import('./report/merge.js')
  const parts: Report[] = []
  for (const f of a.paths) {
    let text: string
    try {
      text = readFileSync(f, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return { code: 2, stdout: '', stderr: `release-gate: ${display(f)}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}\n` }
    }
    try {
      parts.push(readJsonReport(text, display(f)))
    } catch (e) {
      if (e instanceof InputError) return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\n` }
      throw e
    }
  }
  const report = mergeReports(parts)
  const stdout =
    a.format === 'json'
      ? toJson(report)
      : a.format === 'sarif'
        ? toSarif(report, DEFAULT_DOCS_BASE)
        : a.format === 'markdown'
          ? renderSummary(report)
          : renderText(report, out)
  if (a.summaryFile) appendFileSync(a.summaryFile, renderSummary(report))
  return { code: report.verdict === 'fail' ? 1 : 0, stdout, stderr: '', report }
}

export async function main(argv: string[]): Promise<number> {
  let r: CliResult
  try {
    r = await runCli(argv, process.env, { isTTY: process.stdout.isTTY, columns: process.stdout.columns })
  } catch (e) {
    process.stderr.write(`release-gate: internal error: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  if (r.stdout) process.stdout.write(r.stdout)
  if (r.stderr) process.stderr.write(r.stderr)
  return r.code
}
