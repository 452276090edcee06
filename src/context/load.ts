/**
 * Loading the running workflow and the config file. Online, both are read through the REST
 * contents API at `GITHUB_WORKFLOW_SHA` (the workspace is empty at the first step, and could
 * be altered); offline, from the workspace, and the report says so.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CheckFailure } from '../audits/rule.js'
import type { AuditTarget, Skipped } from '../engine.js'
import { parseWorkflow } from '../workflow/model.js'
import { InputError } from '../workflow/yaml.js'
import type { GitHubApi } from '../resolve/github.js'
import type { RunContext } from './runner.js'
import { emptyConfig, parseConfig } from './config.js'
import { apiReader, fsReader, loadLocal, usesLocal } from './local.js'
import { loadPackages } from './packages.js'
import type { Config, Settings } from './settings.js'

export interface Loaded {
  target: AuditTarget
  config: Config
  skipped: Skipped[]
  /** One line per file read, saying from where. */
  sources: string[]
}

const NOT_IN_JOB =
  'GITHUB_WORKFLOW_REF is not set: release-gate runs as a step of a GitHub Actions job. To audit files from a terminal, use `release-gate audit <workflow.yml>`.'

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

async function readWorkspace(ws: string | undefined, path: string): Promise<string | undefined> {
  if (!ws) return undefined
  try {
    return await readFile(join(ws, path), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

export async function loadRunning(ctx: RunContext, settings: Settings, api: GitHubApi | undefined): Promise<Loaded> {
  const wr = ctx.workflowRef
  if (!wr) throw new Error(ctx.workflowRefRaw ? `GITHUB_WORKFLOW_REF '${ctx.workflowRefRaw}' is not of the form owner/repo/path@ref` : NOT_IN_JOB)
  const file = wr.path
  const failures: CheckFailure[] = []
  const skipped: Skipped[] = []
  const sources: string[] = []
  const at = ctx.workflowSha ?? ctx.sha
  let text: string | undefined
  let configText: string | undefined

  if (!api) {
    skipped.push({
      check: 'read the workflow at GITHUB_WORKFLOW_SHA',
      reason: 'offline: the workspace copy was audited, which may differ from the workflow that is running',
    })
    try {
      text = await readWorkspace(ctx.workspace, file)
      if (text === undefined) {
        failures.push({
          check: 'load the workflow',
          reason: `offline, and the workspace has no ${file} (the gate is usually the first step, before any checkout)`,
          fix: 'Set `offline: false` so the gate reads the workflow through the API, or check out the repository before the gate.',
          file,
        })
      } else sources.push(`${file}: read from the workspace (offline)`)
      configText = await readWorkspace(ctx.workspace, settings.configPath)
      sources.push(configText === undefined ? `${settings.configPath}: none in the workspace` : `${settings.configPath}: read from the workspace`)
    } catch (e) {
      failures.push({ check: 'load the workflow', reason: errText(e), fix: 'Make the file readable, or set `offline: false`.', file })
    }
  } else {
    if (!at) {
      failures.push({
        check: 'load the workflow',
        reason: 'neither GITHUB_WORKFLOW_SHA nor GITHUB_SHA is set, so the commit of the running workflow is unknown',
        fix: 'Run release-gate inside a GitHub Actions job.',
        file,
      })
    } else {
      try {
        text = await api.getFile(wr.owner, wr.repo, wr.path, at)
        if (text === undefined) {
          failures.push({
            check: 'load the workflow',
            reason: `${wr.owner}/${wr.repo} has no ${wr.path} at ${at} (HTTP 404), or the token cannot read it`,
            fix: 'Give the job `contents: read` so the gate can read its own workflow.',
            file,
          })
        } else sources.push(`${file}: read through the API at ${at}`)
      } catch (e) {
        failures.push({
          check: 'load the workflow',
          reason: errText(e),
          fix: 'If GitHub is having an outage, re-run the job later; otherwise give the job `contents: read`.',
          file,
        })
      }
      try {
        configText = await api.getFile(wr.owner, wr.repo, settings.configPath, at)
        sources.push(configText === undefined ? `${settings.configPath}: none at ${at}` : `${settings.configPath}: read through the API at ${at}`)
      } catch (e) {
        failures.push({
          check: 'read the config file',
          reason: errText(e),
          fix: `Re-run the job; if ${settings.configPath} should not be read, point the \`config\` input elsewhere.`,
          file: settings.configPath,
        })
      }
    }
  }

  let config = emptyConfig()
  if (configText !== undefined) config = parseConfig(configText, settings.configPath) // a bad config is the user's error: throw

  const target: AuditTarget = { file, source: api ? 'api' : 'workspace', failures, ...(ctx.job ? { jobId: ctx.job } : {}) }
  if (text !== undefined) {
    try {
      target.workflow = parseWorkflow(text, file)
    } catch (e) {
      if (!(e instanceof InputError)) throw e
      failures.push({ check: 'parse the workflow', reason: e.message, fix: 'Fix the YAML of the workflow file.', file, ...(e.line ? { line: e.line } : {}) })
    }
  }
  if (target.workflow && usesLocal(target.workflow)) {
    const reader = api && at ? apiReader(api, wr.owner, wr.repo, at) : ctx.workspace ? fsReader(ctx.workspace, (p) => p, 'the workspace') : undefined
    if (reader) {
      const l = await loadLocal(target.workflow, reader)
      target.local = l.local
      target.related = l.related
      failures.push(...l.failures)
      skipped.push(...l.skipped)
      if (l.local.size) sources.push(`${l.local.size} local action${l.local.size === 1 ? '' : 's'} and workflow${l.local.size === 1 ? '' : 's'}: read from ${reader.where}`)
    }
  }
  if (target.workflow) {
    // package scripts run in the checkout of the run's repository at its commit (what
    // actions/checkout fetches by default), which inside a reusable workflow of another
    // repository is the caller's, not the workflow's
    const [owner, repo] = ctx.repository?.includes('/') ? ctx.repository.split('/') : [wr.owner, wr.repo]
    const commit = ctx.sha ?? at
    const reader = api && commit ? apiReader(api, owner, repo, commit) : ctx.workspace ? fsReader(ctx.workspace, (p) => p, 'the workspace') : undefined
    if (reader) {
      const p = await loadPackages(target.workflow, target.local, reader)
      if (p.packages) {
        target.packages = p.packages
        const read = [...p.packages.values()].filter((m) => m && m.scripts).length
        sources.push(`${read} package.json file${read === 1 ? '' : 's'}: read from ${reader.where}`)
      }
      failures.push(...p.failures)
      skipped.push(...p.skipped)
    }
  }
  if (!ctx.job) {
    failures.push({ check: 'find the running job', reason: 'GITHUB_JOB is not set', fix: 'Run release-gate as a step of the publishing job.', file })
  }
  return { target, config, skipped, sources }
}
