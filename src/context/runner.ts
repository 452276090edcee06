/** What the runner tells a step about the run, read once from the environment. */
import { readFileSync } from 'node:fs'
import { defaultApiUrl } from '../resolve/hosts.js'

export interface WorkflowRef {
  owner: string
  repo: string
  /** e.g. `.github/workflows/release.yml` */
  path: string
  /** e.g. `refs/tags/v1.2.0` */
  ref: string
}

export interface RunContext {
  workflowRef?: WorkflowRef
  /** `GITHUB_WORKFLOW_REF` as given, for the report. */
  workflowRefRaw?: string
  workflowSha?: string
  job?: string
  repository?: string
  sha?: string
  ref?: string
  eventName?: string
  /** For `workflow_run`: the event that started the run it follows (`workflow_run.event` in the payload). */
  upstreamEvent?: string
  apiUrl: string
  serverUrl: string
  workspace?: string
  runnerTemp?: string
  runnerEnvironment?: string
  actionRepository?: string
  actionRef?: string
  /** `RELEASE_GATE_HTTP_TIMEOUT_MS`: per-request timeout, for slow GitHub Enterprise servers. */
  httpTimeoutMs?: number
  /** `RELEASE_GATE_API_BUDGET_MS`: total time for all API requests and their retries. */
  apiBudgetMs?: number
}

/** `octo/demo/.github/workflows/release.yml@refs/tags/v1` -> parts. */
export function parseWorkflowRef(raw: string): WorkflowRef | undefined {
  const m = /^([^/]+)\/([^/]+)\/(.+?)@(.+)$/.exec(raw)
  if (!m) return undefined
  return { owner: m[1], repo: m[2], path: m[3], ref: m[4] }
}

/** `workflow_run.event` from the event payload file; undefined when it cannot be read. */
function upstreamEventOf(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    const ev = (JSON.parse(readFileSync(path, 'utf8')) as { workflow_run?: { event?: unknown } }).workflow_run?.event
    return typeof ev === 'string' ? ev : undefined
  } catch {
    return undefined
  }
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const v = (k: string) => (env[k] && env[k]!.trim() !== '' ? env[k]!.trim() : undefined)
  const raw = v('GITHUB_WORKFLOW_REF')
  const wr = raw ? parseWorkflowRef(raw) : undefined
  const serverUrl = v('GITHUB_SERVER_URL') ?? 'https://github.com'
  // the runner sets GITHUB_API_URL; without it, the server's own API (GHE.com: api.SUBDOMAIN.ghe.com)
  const ctx: RunContext = { apiUrl: v('GITHUB_API_URL') ?? defaultApiUrl(serverUrl), serverUrl }
  const set = <K extends keyof RunContext>(k: K, val: RunContext[K] | undefined) => {
    if (val !== undefined) ctx[k] = val
  }
  set('workflowRef', wr)
  set('workflowRefRaw', raw)
  set('workflowSha', v('GITHUB_WORKFLOW_SHA'))
  set('job', v('GITHUB_JOB'))
  set('repository', v('GITHUB_REPOSITORY'))
  set('sha', v('GITHUB_SHA'))
  set('ref', v('GITHUB_REF'))
  set('eventName', v('GITHUB_EVENT_NAME'))
  if (ctx.eventName === 'workflow_run') set('upstreamEvent', upstreamEventOf(v('GITHUB_EVENT_PATH')))
  set('workspace', v('GITHUB_WORKSPACE'))
  set('runnerTemp', v('RUNNER_TEMP'))
  set('runnerEnvironment', v('RUNNER_ENVIRONMENT'))
  set('actionRepository', v('GITHUB_ACTION_REPOSITORY'))
  set('actionRef', v('GITHUB_ACTION_REF'))
  const ms = (k: string) => {
    const x = v(k)
    if (x === undefined) return undefined
    if (!/^\d+$/.test(x) || Number(x) < 100) throw new Error(`${k} is '${x}'; expected a whole number of milliseconds, at least 100`)
    return Number(x)
  }
  set('httpTimeoutMs', ms('RELEASE_GATE_HTTP_TIMEOUT_MS'))
  set('apiBudgetMs', ms('RELEASE_GATE_API_BUDGET_MS'))
  return ctx
}
