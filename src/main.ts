/**
 * The action: settings -> context -> load -> audits -> report. Orchestration only.
 */
import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSettings } from './context/inputs.js'
import { readRunContext } from './context/runner.js'
import type { RunContext } from './context/runner.js'
import { loadRunning } from './context/load.js'
import { DEFAULT_DOCS_BASE, auditTarget, buildReport } from './engine.js'
import type { EngineOptions } from './engine.js'
import { GitHubApi } from './resolve/github.js'
import { annotations } from './report/annotations.js'
import { renderSummary } from './report/summary.js'
import { writeReportFiles } from './report/write.js'

/** Docs links point at the gate's own copy of its docs, at the ref the workflow uses. */
export function docsBaseFor(ctx: RunContext): string {
  if (ctx.actionRepository && ctx.actionRef) return `${ctx.serverUrl}/${ctx.actionRepository}/blob/${ctx.actionRef}/docs/rules`
  return DEFAULT_DOCS_BASE
}

export async function run(): Promise<void> {
  try {
    const settings = readSettings({ get: (name) => core.getInput(name) })
    if (settings.token) core.setSecret(settings.token)
    const ctx = readRunContext()

    core.startGroup('release-gate: load')
    const api = settings.offline ? undefined : new GitHubApi({ baseUrl: ctx.apiUrl, token: settings.token })
    const loaded = await loadRunning(ctx, settings, api)
    for (const s of loaded.sources) core.info(s)
    core.endGroup()

    const docsBase = docsBaseFor(ctx)
    const opts: EngineOptions = {
      failOn: settings.failOn,
      disabled: settings.disabled,
      config: loaded.config,
      allow: [...settings.allow, ...loaded.config.allow],
      docsBase,
      runtime: {
        ...(ctx.runnerEnvironment ? { runnerEnvironment: ctx.runnerEnvironment } : {}),
        ...(ctx.actionRepository ? { gateRepository: ctx.actionRepository } : {}),
        ...(ctx.eventName ? { eventName: ctx.eventName } : {}),
      },
    }
    const report = buildReport([auditTarget(loaded.target, opts)], loaded.skipped, opts)

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
        }),
      )
      .write()
    const dir = join(ctx.runnerTemp ?? tmpdir(), 'release-gate')
    const files = await writeReportFiles(dir, report, docsBase)
    core.setOutput('verdict', report.verdict)
    core.setOutput('findings', String(report.counts.blocking))
    core.setOutput('report', files.json)
    core.setOutput('sarif', files.sarif)
    core.endGroup()

    if (report.verdict === 'fail') {
      const first = report.findings.find((f) => f.blocking)!
      core.setFailed(
        `release-gate blocked the release: ${report.counts.blocking} blocking finding${report.counts.blocking === 1 ? '' : 's'}, first ${first.rule} at ${first.file}:${first.line} (see the job summary)`,
      )
    } else {
      core.info(`release-gate: pass (${report.findings.filter((f) => !f.ignored).length} non-blocking findings)`)
    }
  } catch (e) {
    core.setFailed(`release-gate could not run: ${e instanceof Error ? e.message : String(e)}`)
  }
}
