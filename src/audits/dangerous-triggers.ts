/**
 * dangerous-triggers: triggers through which people outside the project start the workflow
 * with the base repository's secrets (pull_request_target, workflow_run, issue_comment, …)
 * must not reach the publishing job.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { DANGEROUS_EVENTS, jobReachable, occasions } from '../workflow/triggers.js'
import type { Workflow } from '../workflow/model.js'
import { get } from '../workflow/yaml.js'

const PR_TRIGGERS = ['pull_request', 'pull_request_target', 'issue_comment', 'pull_request_review', 'pull_request_review_comment']

function upstreamNames(wf: Workflow): string[] {
  const t = wf.triggers.find((x) => x.event === 'workflow_run')
  const w = get(t?.config, 'workflows')
  if (!w) return []
  if (w.kind === 'scalar') return w.value === null ? [] : [String(w.value)]
  if (w.kind === 'seq') return w.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []))
  return []
}

/** Judge a workflow_run trigger by the workflows it follows. */
function workflowRun(ctx: RuleContext): { severity: 'error' | 'warning'; why: string } {
  const names = upstreamNames(ctx.workflow)
  if (names.length === 0) return { severity: 'error', why: 'it follows any workflow, including ones started by pull requests' }
  const found = names.map((n) => ({ n, wf: ctx.related.find((r) => r.name === n || r.file.endsWith(`/${n}`)) }))
  const risky = found.filter((f) => f.wf?.triggers.some((t) => PR_TRIGGERS.includes(t.event)))
  if (risky.length) {
    return {
      severity: 'error',
      why: risky.map((r) => `${code(r.n)} (${r.wf!.file}) runs on ${r.wf!.triggers.filter((t) => PR_TRIGGERS.includes(t.event)).map((t) => t.event).join(', ')}, so a pull request from a fork can produce what this job publishes`).join('; '),
    }
  }
  const missing = found.filter((f) => !f.wf).map((f) => code(f.n))
  if (missing.length) {
    return { severity: 'warning', why: `the workflow${missing.length > 1 ? 's' : ''} it follows (${missing.join(', ')}) could not be read, so whether a pull request can start ${missing.length > 1 ? 'them' : 'it'} is unknown` }
  }
  return {
    severity: 'warning',
    why: `${found.map((f) => `${code(f.n)} runs on ${f.wf!.triggers.map((t) => t.event).join(', ')}`).join('; ')}: no pull request starts it, but this job cannot tell which push or ref produced what it publishes`,
  }
}

export const rule: Rule = {
  id: 'dangerous-triggers',
  title: 'untrusted trigger reaches the publishing job',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    if (ctx.workflow.kind !== 'workflow') return []
    const wf = ctx.workflow
    const guarded = ctx.scope.targets
    const out: Finding[] = []
    for (const occ of occasions(wf)) {
      const risk = DANGEROUS_EVENTS[occ.event]
      if (!risk) continue
      const reached = guarded.filter((j) => jobReachable(wf, j, occ) !== false)
      if (reached.length === 0) continue
      const jobs = reached.map((j) => code(j.id)).join(', ')
      const what = ctx.scope.mode === 'all' ? 'job' : 'publishing job'
      let severity: 'error' | 'warning' = 'error'
      let why = risk
      if (occ.event === 'workflow_run') ({ severity, why } = workflowRun(ctx))
      out.push(
        ctx.finding({
          message: `\`${occ.event}\` can reach ${what}${reached.length > 1 ? 's' : ''} ${jobs}: ${why}`,
          fix:
            occ.event === 'workflow_run'
              ? 'Publish from a workflow triggered by `release: published`, a tag push or `workflow_dispatch`, and build the artifacts in that workflow; or guard the publishing job with an `if:` that excludes `workflow_run`.'
              : `Move publishing to a workflow triggered by \`release\`, a tag push or \`workflow_dispatch\`, or add \`if: github.event_name != '${occ.event}'\` to ${reached.length > 1 ? 'each publishing job' : `job ${code(reached[0].id)}`}.`,
          at: occ.pos,
          job: reached[0].id,
          severity,
        }),
      )
    }
    return out
  },
}
