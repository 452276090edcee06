/**
 * self-hosted-runner: a job that builds or publishes a release on a self-hosted runner shares
 * that machine with whatever ran on it before — on public repositories, pull requests from
 * forks (the TensorFlow and PyTorch cases).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { isHostedLabel, runnerService } from '../workflow/actions.js'
import { evalText, legResolver, matrixLegs } from '../workflow/matrix.js'
import { jobSites } from '../workflow/sites.js'
import type { Job } from '../workflow/model.js'
import { get, toJS } from '../workflow/yaml.js'
import type { Pos, YNode } from '../workflow/yaml.js'

interface Verdict {
  /** A label GitHub does not list may be a larger (GitHub-hosted) runner. */
  kind: 'self-hosted' | 'group' | 'unlisted' | 'dynamic'
  message: string
  severity?: 'error' | 'warning'
}

function labelsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.flatMap(labelsOf)
  return []
}

/** `rules.self-hosted-runner.config.allow-labels`: labels (`*` globs) an organisation vouches for. */
export interface AllowedLabel {
  label: string
  reason: string
}

function globRe(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i')
}

function allowedBy(allow: AllowedLabel[], label: string): AllowedLabel | undefined {
  return allow.find((a) => globRe(a.label).test(label))
}

/** Read `allow-labels`: a list of `label -- reason` strings or `{ label, reason }` maps. */
export function readAllowLabels(options: Record<string, unknown>): AllowedLabel[] | string {
  const v = options['allow-labels']
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) return '`allow-labels` must be a list of `label -- reason` entries'
  const out: AllowedLabel[] = []
  for (const it of v) {
    if (typeof it === 'string') {
      const i = it.indexOf(' -- ')
      if (i < 0 || !it.slice(i + 4).trim()) return `allow-labels entry '${it}' needs a reason: \`${it.trim()} -- why this runner is safe to release from\``
      out.push({ label: it.slice(0, i).trim(), reason: it.slice(i + 4).trim() })
    } else if (it && typeof it === 'object' && typeof (it as AllowedLabel).label === 'string') {
      const { label, reason } = it as AllowedLabel
      if (typeof reason !== 'string' || !reason.trim()) return `allow-labels entry '${label}' needs a \`reason:\``
      out.push({ label, reason })
    } else return 'allow-labels entries are `label -- reason` strings or `{ label, reason }` mappings'
    if (!out[out.length - 1].label) return 'an allow-labels entry has an empty label'
  }
  return out
}

/** Judge one set of labels (one matrix leg). */
function judge(labels: string[], allow: AllowedLabel[]): Verdict | undefined {
  const open = labels.filter((l) => !allowedBy(allow, l))
  if (open.length === 0) return undefined
  if (open.some((l) => l.toLowerCase() === 'self-hosted')) return { kind: 'self-hosted', message: `runs on a self-hosted runner (${labels.map((l) => code(l)).join(', ')})` }
  const services = open.map((l) => [l, runnerService(l)] as const).filter(([, s]) => s)
  if (services.length) {
    const [l, s] = services[0]
    return { kind: 'self-hosted', message: `runs on ${code(l)}, a ${s} runner: a machine outside GitHub, self-hosted as far as GitHub is concerned` }
  }
  const odd = open.filter((l) => !isHostedLabel(l))
  if (odd.length) return { kind: 'unlisted', message: `runs on ${odd.map((l) => code(l)).join(', ')}, which ${odd.length > 1 ? 'are not labels' : 'is not a label'} of GitHub's hosted runners (standard or larger): a self-hosted runner` }
  return undefined
}

function check(job: Job, node: YNode, allow: AllowedLabel[]): Verdict[] {
  if (node.kind === 'map') {
    const group = get(node, 'group')
    const name = group ? String(toJS(group)) : undefined
    if (name !== undefined && !allowedBy(allow, name)) return [{ kind: 'group', message: `runs in the runner group ${code(name)}, which holds self-hosted or larger runners` }]
    const labels = get(node, 'labels')
    return labels ? check(job, labels, allow) : []
  }
  const texts = labelsOf(toJS(node))
  const dynamic = texts.filter((t) => t.includes('${{'))
  const legs = dynamic.length ? matrixLegs(job) : [{}]
  const out: Verdict[] = []
  const seen = new Set<string>()
  for (const leg of legs ?? [undefined]) {
    let labels: string[] | undefined = []
    for (const t of texts) {
      const v = leg ? evalText(t, legResolver(leg)) : undefined
      const ls = t.includes('${{') ? (v === undefined || v === null ? undefined : labelsOf(v)) : [t]
      if (!ls) {
        labels = undefined
        break
      }
      labels.push(...ls)
    }
    const v = labels ? judge(labels, allow) : { kind: 'dynamic' as const, message: `chooses its runner with ${dynamic.map((d) => code(d)).join(', ')}, which cannot be decided before the run`, severity: 'warning' as const }
    if (v && !seen.has(v.message)) {
      out.push(v)
      seen.add(v.message)
    }
  }
  return out
}

export const rule: Rule = {
  id: 'self-hosted-runner',
  title: 'job runs on a self-hosted runner',
  severity: 'error',
  options: {
    'allow-labels': 'runner labels or groups (`*` globs) the organisation vouches for, each `label -- reason`: its own larger runners, or an isolated, ephemeral self-hosted pool',
  },
  validate(options) {
    const r = readAllowLabels(options)
    return typeof r === 'string' ? r : undefined
  },
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const allowed = readAllowLabels(ctx.options)
    const allow = typeof allowed === 'string' ? [] : allowed
    const runtime = ctx.runtime?.runnerEnvironment
    const gateJobs = new Set(ctx.scope.mode === 'gate' ? ctx.scope.targets.map((j) => j.id) : [])
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const job = site.job
      const here = gateJobs.has(job.id) && site.chain.length === 0
      if (here && runtime === 'self-hosted') {
        out.push(
          ctx.finding({
            message: `job ${code(job.id)} is running on a self-hosted runner (RUNNER_ENVIRONMENT=self-hosted)`,
            fix: 'Publish from a GitHub-hosted runner (`runs-on: ubuntu-latest`): a fresh machine for every job.',
            ...atJob(site, job.runsOn?.pos ?? job.pos),
          }),
        )
        continue
      }
      if (!job.runsOn) continue
      for (const v of check(job, job.runsOn, allow)) {
        // A label GitHub does not list, on a job the runner says is GitHub-hosted: a larger runner.
        if (here && runtime === 'github-hosted' && (v.kind === 'unlisted' || v.kind === 'dynamic')) continue
        out.push(
          ctx.finding({
            message: `job ${code(job.id)} ${v.message}`,
            fix:
              v.kind === 'unlisted' || v.kind === 'group'
                ? 'Build and publish on GitHub-hosted runners (`runs-on: ubuntu-latest`), which are fresh for every job. If this label is a larger GitHub-hosted runner or an isolated, ephemeral pool of your organisation, list it under `rules.self-hosted-runner.config.allow-labels` in `.github/release-gate.yml` with the reason.'
                : 'Build and publish on GitHub-hosted runners (`runs-on: ubuntu-latest`), which are fresh for every job; keep self-hosted runners away from release jobs and from pull requests of forks.',
            ...atJob(site, (job.runsOn.pos as Pos) ?? job.pos),
            ...(v.severity ? { severity: v.severity } : {}),
          }),
        )
      }
    }
    return out
  },
}
