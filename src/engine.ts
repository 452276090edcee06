/**
 * The engine shared by the action and the CLI: scope -> rules -> suppressions -> verdict.
 * Everything here is pure; loading and reporting happen around it.
 */
import { RULES } from './audits/index.js'
import { SEVERITY_RANK, stepRef } from './audits/finding.js'
import type { Finding, FindingInput, Severity } from './audits/finding.js'
import type { CheckFailure, GithubParser, Rule, RuntimeFacts } from './audits/rule.js'
import { failureInput } from './audits/check-failed.js'
import { isGate } from './audits/gate-order.js'
import { allowSuppression, commentSuppression, configSuppression, ignoreComments } from './audits/suppress.js'
import type { AllowEntry, Config, FailOn } from './context/settings.js'
import type { Workflow } from './workflow/model.js'
import { selectScope } from './workflow/scope.js'
import type { LocalFiles } from './workflow/sites.js'
import { attachPackages } from './workflow/scripts.js'
import type { PackageFiles } from './workflow/scripts.js'
import type { Resolution } from './resolve/graph.js'
import type { OnlineFacts } from './resolve/online.js'
import type { AttestResult } from './attest/index.js'
import type { LockFacts } from './resolve/locks.js'
import { lockInForce } from './resolve/locks.js'
import type { IntegrityResult } from './resolve/integrity.js'
import type { Scope } from './workflow/scope.js'

export const VERSION = '0.1.0'
export const DEFAULT_DOCS_BASE = 'https://github.com/release-gate/release-gate/blob/main/docs/rules'

/** Where a file's text came from. */
export type LoadSource = 'api' | 'workspace' | 'local'

export interface AuditTarget {
  /** Path shown to users and used in annotations. */
  file: string
  /** Undefined when the file could not be loaded: `failures` says why. */
  workflow?: Workflow
  source: LoadSource
  /** The job to guard; absent means the publishing jobs. */
  jobId?: string
  /** Checks that could not run for this file. */
  failures: CheckFailure[]
  /** Local composite actions and reusable workflows, loaded by repository path. */
  local?: LocalFiles
  /** Other workflows of the repository. */
  related?: Workflow[]
  /**
   * The repository's package.json files the scope's package scripts need (`npm run release`),
   * read before the audit; absent when none were read.
   */
  packages?: PackageFiles
  /** Fetched before the audit when online. */
  resolved?: Resolution
  online?: OnlineFacts
  /** Why online rules were not run (offline, no token). */
  offlineReason?: string
  /** Attestation results; absent or `off` means unverified-artifact is not checked. */
  attest?: AttestResult
  lock?: LockFacts
  integrity?: IntegrityResult[]
  /** Why integrity was not checked. */
  integrityReason?: string
}

export interface EngineOptions {
  failOn: FailOn
  disabled: string[]
  config: Config
  allow: AllowEntry[]
  docsBase: string
  runtime?: RuntimeFacts
  /**
   * GitHub's own reading of a workflow (what its parser refuses). The CLI supplies it; the
   * action does not, since GitHub has already accepted the workflow that runs it (and the
   * parser's weight stays out of the action's start-up).
   */
  githubParser?: GithubParser
}

export interface FileReport {
  file: string
  source: LoadSource
  kind: 'workflow' | 'action' | 'unknown'
  /** Jobs audited. */
  jobs: string[]
  /** Jobs guarded (the running or publishing jobs). */
  targets: string[]
  scope: string
}

export interface Skipped {
  check: string
  reason: string
}

export interface AllowanceUse {
  pattern: string
  reason: string
  source: AllowEntry['source']
  /** The dependencies it let through. */
  used: string[]
}

export interface Report {
  version: 1
  verdict: 'pass' | 'fail'
  failOn: FailOn
  files: FileReport[]
  findings: Finding[]
  skipped: Skipped[]
  allowances: AllowanceUse[]
  disabled: string[]
  counts: { blocking: number; error: number; warning: number; note: number; ignored: number }
}

export function docsUrl(base: string, id: string): string {
  return `${base.replace(/\/+$/, '')}/${id}.md`
}

function builder(rule: { id: string; title: string; severity: Severity }, file: string, opts: EngineOptions) {
  const override = opts.config.rules[rule.id]?.severity
  return (input: FindingInput): Finding => ({
    rule: rule.id,
    title: rule.title,
    docs: docsUrl(opts.docsBase, rule.id),
    severity: override ?? input.severity ?? rule.severity,
    message: input.message,
    fix: input.fix,
    file: input.file ?? file,
    line: input.at.line,
    column: input.at.column,
    ...(input.job !== undefined ? { job: input.job } : {}),
    ...(input.step ? { step: stepRef(input.step) } : {}),
    chain: input.chain ?? [],
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    blocking: false,
  })
}

function isDisabled(id: string, opts: EngineOptions): boolean {
  return opts.disabled.includes(id) || opts.config.rules[id]?.disable === true
}

const CHECK_FAILED = RULES.find((r) => r.id === 'check-failed')!

function failureFindings(failures: CheckFailure[], file: string, opts: EngineOptions): Finding[] {
  const b = builder(CHECK_FAILED, file, opts)
  return failures.map((f) => b({ ...failureInput(f), at: { line: f.line ?? 1, column: 1 }, file: f.file ?? file }))
}

function runRule(rule: Rule, t: AuditTarget & { workflow: Workflow }, local: LocalFiles, scope: Scope, failures: CheckFailure[], opts: EngineOptions): Finding[] {
  const wf = t.workflow
  const finding = builder(rule, wf.file, opts)
  try {
    return rule.check({
      workflow: wf,
      scope,
      options: opts.config.rules[rule.id]?.config ?? {},
      ...(opts.githubParser ? { githubParser: opts.githubParser } : {}),
      failures,
      local,
      related: t.related ?? [],
      ...(t.resolved ? { resolved: t.resolved } : {}),
      ...(t.online ? { online: t.online } : {}),
      ...(t.attest ? { attest: t.attest } : {}),
      ...(t.lock ? { lock: t.lock } : {}),
      ...(t.integrity ? { integrity: t.integrity } : {}),
      ...(opts.runtime ? { runtime: opts.runtime } : {}),
      finding,
    })
  } catch (e) {
    // A rule that throws must not pass the gate silently, nor stop the other rules.
    return failureFindings(
      [{ check: `run rule '${rule.id}'`, reason: e instanceof Error ? e.message : String(e), fix: 'Report this as a bug in release-gate, with the workflow that caused it.' }],
      wf.file,
      opts,
    )
  }
}

/** Audit one file: returns its findings (unsuppressed, not yet judged) and what was audited. */
export function auditTarget(t: AuditTarget, opts: EngineOptions): { file: FileReport; findings: Finding[]; skipped: Skipped[] } {
  const skipped: Skipped[] = []
  const failures = [...t.failures]
  if (!t.workflow) {
    return {
      file: { file: t.file, source: t.source, kind: 'unknown', jobs: [], targets: [], scope: 'not loaded' },
      findings: isDisabled('check-failed', opts) ? [] : failureFindings(failures, t.file, opts),
      skipped,
    }
  }
  const wf = t.workflow
  // what package scripts run is read from these (or, when absent, not known)
  for (const w of [wf, ...(t.local?.values() ?? [])]) attachPackages(w, t.packages)
  let scope: Scope
  try {
    scope = selectScope(wf, t.jobId, t.local)
  } catch (e) {
    failures.push({
      check: 'find the job to audit',
      reason: (e as Error).message,
      fix: 'Run release-gate as a step of the job that publishes, in the workflow file that defines it.',
      file: wf.file,
    })
    scope = { targets: [], jobs: wf.jobs, reason: `job '${t.jobId}' not found: every job`, mode: 'all' }
  }
  // a job that never runs is left out, and the report says so (never a silent skip)
  for (const n of scope.neverRun ?? []) skipped.push({ check: `job '${n.job.id}' of ${wf.file}`, reason: `not audited: ${n.why}` })
  const findings: Finding[] = []
  // one map for every rule: what rules make once per job (step sites) is shared between them
  const local: LocalFiles = t.local ?? new Map()
  for (const rule of RULES) {
    if (isDisabled(rule.id, opts)) continue
    if (rule.requires === 'online' && !(t.resolved && t.online)) {
      if (!skipped.some((s) => s.check === rule.id)) skipped.push({ check: rule.id, reason: t.offlineReason ?? 'offline: GitHub was not asked' })
      continue
    }
    if (rule.requires === 'lock' && !lockInForce(t.lock)) {
      skipped.push({ check: rule.id, reason: 'no lock: the workflow is not in actions.lock and there is no gha.sum (set `require-lock: true` to require one)' })
      continue
    }
    if (rule.requires === 'integrity' && !t.integrity) {
      skipped.push({ check: rule.id, reason: t.integrityReason ?? 'not inside a job: there is no runner download to compare' })
      continue
    }
    if (rule.requires === 'attest' && (!t.attest || t.attest.mode === 'off')) {
      skipped.push({ check: rule.id, reason: attestOffReason(scope, opts.runtime?.gateRepository) })
      continue
    }
    findings.push(...runRule(rule, { ...t, workflow: wf }, local, scope, failures, opts))
  }
  return {
    file: {
      file: wf.file,
      source: t.source,
      kind: wf.kind,
      jobs: scope.jobs.map((j) => j.id),
      targets: scope.targets.map((j) => j.id),
      scope: scope.reason,
    },
    findings: applySuppressions(wf, local, onceEach(wf, findings), opts),
    skipped,
  }
}

/**
 * A finding inside a local composite action or called workflow, reached from several jobs,
 * is one finding: kept once, at its line, naming every job it was reached from.
 */
export function onceEach(wf: Workflow, findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>()
  const out: Finding[] = []
  for (const f of findings) {
    if (f.file === wf.file) {
      out.push(f)
      continue
    }
    const key = `${f.rule}\0${f.file}\0${f.line}\0${f.column}\0${f.severity}`
    const first = seen.get(key)
    if (!first) {
      seen.set(key, f)
      out.push(f)
    } else if (f.job !== undefined && f.job !== first.job && !first.message.includes(`\`${f.job}\``)) {
      first.message += first.message.includes(' (also reached from job ') ? '' : ` (also reached from job \`${f.job}\`)`
    }
  }
  return out
}

function applySuppressions(wf: Workflow, local: LocalFiles, findings: Finding[], opts: EngineOptions): Finding[] {
  // Comments are matched in the file the finding points at: the workflow or a local file.
  const byFile = new Map<string, ReturnType<typeof ignoreComments>>([[wf.file, ignoreComments(wf)]])
  for (const l of local.values()) if (!byFile.has(l.file)) byFile.set(l.file, ignoreComments(l))
  const comments = byFile.get(wf.file)!
  const used = new Set<number>()
  for (const f of findings) {
    const cfg = configSuppression(f, opts.config.rules[f.rule])
    if (cfg) {
      f.ignored = cfg
      continue
    }
    const c = commentSuppression(f, byFile.get(f.file) ?? [])
    if (c) {
      f.ignored = c.s
      if (f.file === wf.file) used.add(c.c.line)
      continue
    }
    const a = allowSuppression(f, opts.allow)
    if (a) f.ignored = a.s
  }
  const out = [...findings]
  if (!isDisabled('ignore-without-reason', opts)) {
    for (const c of comments) {
      // zizmor's form needs no reason there; here it matters only when it silences a finding.
      if (c.reason || (c.tool === 'zizmor' && !used.has(c.line))) continue
      const rule = { id: 'ignore-without-reason', title: 'ignore comment without a reason', severity: 'warning' as Severity }
      out.push(
        builder(rule, wf.file, opts)({
          message: `\`# ${c.tool}: ignore[${c.rules.join(',')}]\` gives no reason`,
          fix: `Say why the finding is acceptable: \`# release-gate: ignore[${c.rules.join(',')}] -- <reason>\`.`,
          at: { line: c.line, column: c.column },
        }),
      )
    }
  }
  return out
}

export function isBlocking(f: Finding, failOn: FailOn): boolean {
  if (f.ignored || failOn === 'never') return false
  return SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]
}

/** Code-unit order: the same on every machine and locale, and fast. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.blocking) - Number(a.blocking) ||
    Number(!!a.ignored) - Number(!!b.ignored) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  )
}

export function buildReport(
  parts: Array<{ file: FileReport; findings: Finding[]; skipped?: Skipped[] }>,
  skippedIn: Skipped[],
  opts: EngineOptions,
): Report {
  const skipped: Skipped[] = []
  const seen = new Set<string>()
  for (const s of [...skippedIn, ...parts.flatMap((p) => p.skipped ?? [])]) {
    const k = `${s.check}\u0000${s.reason}`
    if (seen.has(k)) continue
    seen.add(k)
    skipped.push(s)
  }
  // a file audited on its own and again through a workflow that calls it (a reusable workflow,
  // a composite action) says the same thing twice: once is enough
  const once = new Set<string>()
  const findings = parts
    .flatMap((p) => p.findings)
    .filter((f) => {
      const k = `${f.rule}\0${f.file}\0${f.line}\0${f.column}\0${f.severity}\0${f.job}\0${f.message}`
      if (once.has(k)) return false
      once.add(k)
      return true
    })
  for (const f of findings) f.blocking = isBlocking(f, opts.failOn)
  findings.sort(compareFindings)
  const allowances: AllowanceUse[] = []
  for (const e of opts.allow) {
    const used = [...new Set(findings.filter((f) => f.ignored?.by === 'allow' && f.ignored.pattern === e.pattern).map((f) => f.subject!))]
    allowances.push({ pattern: e.pattern, reason: e.reason, source: e.source, used })
  }
  const count = (s: Severity) => findings.filter((f) => !f.ignored && f.severity === s).length
  const blocking = findings.filter((f) => f.blocking).length
  const disabled = [...new Set([...opts.disabled, ...Object.entries(opts.config.rules).filter(([, r]) => r.disable).map(([id]) => id)])].sort()
  return {
    version: 1,
    verdict: blocking > 0 ? 'fail' : 'pass',
    failOn: opts.failOn,
    files: parts.map((p) => p.file),
    findings,
    skipped,
    allowances,
    disabled,
    counts: { blocking, error: count('error'), warning: count('warning'), note: count('note'), ignored: findings.filter((f) => f.ignored).length },
  }
}

/**
 * Why attestations were not verified. From a terminal, a gate step that sets `subject-path` or
 * `artifact-name` verifies them inside its job (the CLI has no run to download from).
 */
function attestOffReason(scope: Scope, gateRepository?: string): string {
  for (const job of scope.targets) {
    const step = job.steps.find((s) => isGate(s, gateRepository))
    const input = step && ['artifact-name', 'subject-path'].find((k) => step.with.has(k))
    if (input) return `verified inside job '${job.id}' at run time: its release-gate step sets \`${input}\``
  }
  return 'attestations: off (set `subject-path` or `artifact-name` to verify what is published)'
}
