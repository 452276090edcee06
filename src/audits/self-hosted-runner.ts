/**
 * self-hosted-runner: a job that builds or publishes a release on a self-hosted runner shares
 * that machine with whatever ran on it before — on public repositories, pull requests from
 * forks (the TensorFlow and PyTorch cases).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { HOSTED_LABEL } from '../workflow/actions.js'
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

/** Judge one set of labels (one matrix leg). */
function judge(labels: string[]): Verdict | undefined {
  if (labels.some((l) => l.toLowerCase() === 'self-hosted')) return { kind: 'self-hosted', message: `runs on a self-hosted runner (${labels.map((l) => code(l)).join(', ')})` }
  const odd = labels.filter((l) => !HOSTED_LABEL.test(l))
  if (odd.length) return { kind: 'unlisted', message: `runs on ${odd.map((l) => code(l)).join(', ')}, which ${odd.length > 1 ? 'are not GitHub-hosted image labels' : 'is not a GitHub-hosted image label'}: a self-hosted runner or a larger runner` }
  return undefined
}

function check(job: Job, node: YNode): Verdict[] {
  if (node.kind === 'map') {
    const group = get(node, 'group')
    if (group) return [{ kind: 'group', message: `runs in the runner group ${code(String(toJS(group)))}, which holds self-hosted or larger runners` }]
    const labels = get(node, 'labels')
    return labels ? check(job, labels) : []
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
    const v = labels ? judge(labels) : { kind: 'dynamic' as const, message: `chooses its runner with ${dynamic.map((d) => code(d)).join(', ')}, which cannot be decided before the run`, severity: 'warning' as const }
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
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
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
      for (const v of check(job, job.runsOn)) {
        // A label GitHub does not list, on a job the runner says is GitHub-hosted: a larger runner.
        if (here && runtime === 'github-hosted' && (v.kind === 'unlisted' || v.kind === 'dynamic')) continue
        out.push(
          ctx.finding({
            message: `job ${code(job.id)} ${v.message}`,
            fix: 'Build and publish on GitHub-hosted runners (`runs-on: ubuntu-latest`), which are fresh for every job; keep self-hosted runners away from release jobs and from pull requests of forks.',
            ...atJob(site, (job.runsOn.pos as Pos) ?? job.pos),
            ...(v.severity ? { severity: v.severity } : {}),
          }),
        )
      }
    }
    return out
  },
}
