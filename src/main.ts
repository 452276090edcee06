/**
 * The action: settings -> context -> load -> audits -> report. Orchestration only.
 */
import * as core from './context/core.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSettings } from './context/inputs.js'
import { readRunContext } from './context/runner.js'
import type { RunContext } from './context/runner.js'
import { loadRunning } from './context/load.js'
import { DEFAULT_DOCS_BASE, auditTarget, buildReport } from './engine.js'
import type { EngineOptions } from './engine.js'
import type { IdToken } from './resolve/oidc.js'
import { parseWorkflowRef } from './context/runner.js'
import { renderTree } from './report/tree.js'
import { readLocks } from './resolve/locks.js'
import { actionsRoot } from './resolve/actions-root.js'
import { apiReader, fsReader } from './context/local.js'
import { annotations } from './report/annotations.js'
import { renderSummary } from './report/summary.js'
import { groupByRule } from './report/order.js'
import { RULE_IDS } from './audits/index.js'
import { writeReportFiles } from './report/write.js'

/** Docs links point at the gate's own copy of its docs, at the ref the workflow uses. */
export function docsBaseFor(ctx: RunContext): string {
  if (ctx.actionRepository && ctx.actionRef) return `${ctx.serverUrl}/${ctx.actionRepository}/blob/${ctx.actionRef}/docs/rules`
  return DEFAULT_DOCS_BASE
}

/**
 * Which action is running: the root action (`full`: the workflow audit and, when asked,
 * attestations), `audit/` (the workflow audit only) or `verify/` (attestations only). Each
 * sub-action's entry file sets it in code, so nothing in the job's environment can change it.
 */
export type Mode = 'full' | 'audit' | 'verify'

/** Rules the `verify` sub-action runs. */
const VERIFY_RULES = ['unverified-artifact', 'check-failed']

export async function run(mode: Mode = 'full'): Promise<void> {
  try {
    if (mode === 'verify' && !core.getInput('subject-path').trim() && !core.getInput('artifact-name').trim()) {
      throw new Error("release-gate/verify needs 'subject-path' or 'artifact-name': the files to verify")
    }
    const settings = readSettings({ get: (name) => (mode === 'verify' && name === 'attestations' ? 'required' : mode === 'audit' && name === 'attestations' ? 'off' : core.getInput(name)) })
    if (settings.token) core.setSecret(settings.token)
    const ctx = readRunContext()

    core.startGroup('release-gate: load')
    // what only an online run, or attestations, need is loaded when they are: an offline audit
    // starts without the network stack, the OIDC verifier or the gh runner
    const api = settings.offline
      ? undefined
      : new (await import('./resolve/github.js')).GitHubApi({ baseUrl: ctx.apiUrl, token: settings.token, ...(ctx.httpTimeoutMs ? { timeoutMs: ctx.httpTimeoutMs } : {}), ...(ctx.apiBudgetMs ? { budgetMs: ctx.apiBudgetMs } : {}) })
    const id = await readIdToken(ctx, api !== undefined)
    const loaded = await loadRunning(ctx, settings, api)
    for (const s of loaded.sources) core.info(s)
    if (id.note) loaded.skipped.push({ check: 'signed job claims', reason: id.note })
    if (id.failure) loaded.target.failures.push(id.failure)
    core.endGroup()

    core.startGroup('release-gate: resolve')
    const wr = ctx.workflowRef
    const at = ctx.workflowSha ?? ctx.sha
    const reader = api && wr && at ? apiReader(api, wr.owner, wr.repo, at) : ctx.workspace ? fsReader(ctx.workspace, (p) => p, 'the workspace') : undefined
    if (reader && wr && mode !== 'verify') {
      const locks = await readLocks(reader, wr.path, settings.requireLock)
      loaded.target.lock = locks.facts
      loaded.target.failures.push(...locks.failures)
    }
    if (mode === 'verify') {
      loaded.target.offlineReason = 'verify: only attestations are checked'
    } else if (api && loaded.target.workflow) {
      const { goOnline } = await import('./resolve/index.js')
      const { ShaCache } = await import('./resolve/cache.js')
      const cache = ctx.runnerEnvironment === 'github-hosted' && process.env.RUNNER_TOOL_CACHE ? new ShaCache(join(process.env.RUNNER_TOOL_CACHE, 'release-gate', 'by-sha')) : undefined
      const [owner, repo] = (ctx.repository ?? `${ctx.workflowRef?.owner}/${ctx.workflowRef?.repo}`).split('/')
      await goOnline(loaded.target, { api, ...(cache ? { cache } : {}), repository: { owner, repo }, ...(id.token?.claims.environment ? { environment: id.token.claims.environment } : {}), ...(loaded.target.lock ? { lock: loaded.target.lock } : {}) })
      core.info(`resolved ${loaded.target.resolved?.nodes.size ?? 0} actions with ${api.requests} API requests`)
    } else {
      loaded.target.offlineReason = 'offline: true: transitive dependencies, impostor commits, version comments, environment protection and advisories were not checked'
    }
    const root = actionsRoot(process.env)
    if (mode === 'verify') loaded.target.integrityReason = 'verify: only attestations are checked'
    else if (root && loaded.target.resolved && ctx.job) {
      const { checkJobIntegrity } = await import('./resolve/integrity.js')
      const integ = await checkJobIntegrity(loaded.target.resolved, ctx.job, root, loaded.target.lock, api)
      loaded.target.integrity = integ.results
      loaded.target.failures.push(...integ.failures)
      core.info(`checked ${integ.results.length} downloaded actions against their locked content`)
    } else loaded.target.integrityReason = root ? 'offline: the actions this job downloaded could not be resolved' : 'RUNNER_WORKSPACE is not set: not inside a job'
    core.endGroup()

    if (settings.attest.mode !== 'off' && ctx.workflowRef) {
      core.startGroup('release-gate: attestations')
      const repository = ctx.repository ?? `${ctx.workflowRef.owner}/${ctx.workflowRef.repo}`
      const { runAttest } = await import('./attest/index.js')
      loaded.target.attest = await runAttest(
        settings.attest,
        {
          workspace: ctx.workspace ?? process.cwd(),
          repository,
          workflow: `${ctx.workflowRef.owner}/${ctx.workflowRef.repo}/${ctx.workflowRef.path}`,
          ...(ctx.ref ? { ref: ctx.ref } : {}),
          ...(ctx.sha ? { sha: ctx.sha } : {}),
          ...(settings.token ? { token: settings.token } : {}),
          ...(process.env.GITHUB_RUN_ID ? { runId: process.env.GITHUB_RUN_ID } : {}),
          ...(new URL(ctx.serverUrl).host !== 'github.com' ? { hostname: new URL(ctx.serverUrl).host } : {}),
        },
        api ? { api } : {},
      )
      loaded.target.failures.push(...loaded.target.attest.failures)
      for (const f of loaded.target.attest.files) core.info(`${f.file}: ${f.verdict}${f.reason ? ` (${f.reason})` : ''}`)
      core.endGroup()
    }

    const docsBase = docsBaseFor(ctx)
    const opts: EngineOptions = {
      failOn: settings.failOn,
      disabled: mode === 'verify' ? [...RULE_IDS.filter((id) => !VERIFY_RULES.includes(id)), 'ignore-without-reason'] : settings.disabled,
      config: loaded.config,
      allow: [...settings.allow, ...loaded.config.allow],
      docsBase,
      runtime: {
        ...(ctx.runnerEnvironment ? { runnerEnvironment: ctx.runnerEnvironment } : {}),
        ...(id.token?.claims.environment ? { environment: id.token.claims.environment } : {}),
        ...(ctx.actionRepository ? { gateRepository: ctx.actionRepository } : {}),
        ...(ctx.eventName ? { eventName: ctx.eventName } : {}),
        ...(ctx.upstreamEvent ? { upstreamEvent: ctx.upstreamEvent } : {}),
      },
    }
    const report = buildReport([auditTarget(loaded.target, opts)], loaded.skipped, opts)
    if (mode === 'verify') {
      // the verify action checks attestations only: the rules it leaves to the audit are not "turned off"
      report.disabled = settings.disabled
      report.skipped = report.skipped.filter((x) => VERIFY_RULES.includes(x.check) || !RULE_IDS.includes(x.check))
    }

    core.startGroup('release-gate: report')
    const { list, omitted } = annotations(report)
    for (const a of list) {
      const props = { title: a.title, file: a.file, startLine: a.line, startColumn: a.col }
      if (a.level === 'error') core.error(a.message, props)
      else if (a.level === 'warning') core.warning(a.message, props)
      else core.notice(a.message, props)
    }
    if (omitted) core.notice(`${omitted} more findings: see the job summary or the JSON report`)
    const facts = api ? [`GitHub API requests: ${api.requests}`] : ['offline: no GitHub API requests']
    if (id.token) facts.push(`job claims from the OIDC token (signature verified): job_workflow_ref ${String(id.token.claims.job_workflow_ref)}, environment ${String(id.token.claims.environment ?? 'none')}, runner ${String(id.token.claims.runner_environment)}`)
    const tree = loaded.target.resolved ? renderTree(loaded.target.resolved, `${loaded.target.file} › ${ctx.job ?? ''}`) : undefined
    if (settings.summary !== 'off') {
      const linkRepo = ctx.workflowRef ? `${ctx.workflowRef.owner}/${ctx.workflowRef.repo}` : ctx.repository
      const linkSha = ctx.workflowSha ?? ctx.sha
      await core.summary
        .addRaw(
          renderSummary(report, {
            ...(ctx.workflowRefRaw ? { workflowRef: ctx.workflowRefRaw } : {}),
            ...(ctx.workflowSha ? { sha: ctx.workflowSha } : {}),
            ...(ctx.job ? { job: ctx.job } : {}),
            ...(ctx.eventName ? { event: ctx.eventName } : {}),
            ...(ctx.runnerEnvironment ? { runner: ctx.runnerEnvironment } : {}),
            sources: loaded.sources,
            facts,
            ...(tree ? { tree } : {}),
            ...(loaded.target.attest && loaded.target.attest.mode !== 'off' ? { attest: loaded.target.attest } : {}),
            ...(linkRepo && linkSha ? { links: { server: ctx.serverUrl, repo: linkRepo, sha: linkSha, ...(ctx.repository ? { environments: ctx.repository } : {}) } } : {}),
            mode: settings.summary,
          }),
        )
        .write()
    }
    const dir = join(ctx.runnerTemp ?? tmpdir(), 'release-gate')
    const files = await writeReportFiles(dir, report, docsBase)
    core.setOutput('verdict', report.verdict)
    core.setOutput('findings', String(report.counts.blocking))
    core.setOutput('report', files.json)
    core.setOutput('sarif', files.sarif)
    core.endGroup()

    if (report.verdict === 'fail') {
      const blocking = report.findings.filter((f) => f.blocking)
      const first = groupByRule(blocking.filter((f) => f.rule !== 'check-failed'))[0]?.findings[0] ?? blocking[0]
      core.setFailed(
        `release-gate blocked the release: ${report.counts.blocking} blocking finding${report.counts.blocking === 1 ? '' : 's'}, most urgent ${first.rule} at ${first.file}:${first.line} (see the job summary)`,
      )
    } else {
      core.info(`release-gate: pass (${report.findings.filter((f) => !f.ignored).length} non-blocking findings)`)
    }
  } catch (e) {
    core.setFailed(`release-gate could not run: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * Read the job's signed claims when it can mint an ID token, and let them override what the
 * environment says: the file defining the job, the runner kind, the environment. Claims are
 * used only when they verify against the pinned issuer; a forged request URL or a token that
 * does not verify blocks (tampering), a token that cannot be minted leaves GITHUB_* in force.
 */
async function readIdToken(ctx: RunContext, online: boolean): Promise<{ token?: IdToken; note?: string; failure?: { check: string; reason: string; fix: string } }> {
  if (!online || !process.env.ACTIONS_ID_TOKEN_REQUEST_URL) return {}
  let token: IdToken | undefined
  const { TamperError, mintIdToken } = await import('./resolve/oidc.js')
  try {
    token = await mintIdToken(process.env, { serverUrl: ctx.serverUrl, ...(ctx.repository ? { repository: ctx.repository } : {}), ...(ctx.sha ? { sha: ctx.sha } : {}) })
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    if (e instanceof TamperError) return { failure: { check: "read the job's signed claims", reason: `${msg}: the job's OIDC token or its request variables were tampered with`, fix: 'Do not publish from this run. Remove any `ACTIONS_ID_TOKEN_REQUEST_*` from the workflow\'s `env:`; if it repeats on a clean workflow, the runner is not to be trusted.' } }
    return { note: `could not mint an ID token (${msg}); GITHUB_* variables were used` }
  }
  if (!token) return {}
  const c = token.claims
  if (typeof c.job_workflow_ref === 'string') {
    const jr = parseWorkflowRef(c.job_workflow_ref)
    if (jr) {
      ctx.workflowRef = jr
      ctx.workflowRefRaw = c.job_workflow_ref
      if (typeof c.job_workflow_sha === 'string') ctx.workflowSha = c.job_workflow_sha
    }
  }
  if (typeof c.runner_environment === 'string') ctx.runnerEnvironment = c.runner_environment
  if (typeof c.event_name === 'string') ctx.eventName = c.event_name
  if (typeof c.ref === 'string') ctx.ref = c.ref
  return { token }
}
