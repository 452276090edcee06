/**
 * dangerous-triggers: triggers through which people outside the project start the workflow
 * with the base repository's secrets (pull_request_target, workflow_run, issue_comment, …)
 * must not reach the publishing job.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { DANGEROUS_EVENTS, jobReachable, occasions } from '../workflow/triggers.js'
import type { Job, Workflow } from '../workflow/model.js'
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
  // every workflow that carries the name: GitHub follows all of them, and one started by a
  // pull request is enough
  const found = names.flatMap((n) => {
    const all = ctx.related.filter((r) => r.name === n || r.file.endsWith(`/${n}`))
    const risky = all.find((r) => r.triggers.some((t) => PR_TRIGGERS.includes(t.event)))
    return [{ n, wf: risky ?? all[0] }]
  })
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

/** Scopes whose write lets a job start or make a release: push a tag, a package, an OIDC token, a run. */
const RELEASE_SCOPES = ['contents', 'packages', 'id-token', 'actions', 'deployments']

/** Does a job hold secrets (beyond its own token) or a token that can make a release? */
function holdsReleasePower(wf: Workflow, job: Job): boolean {
  if (job.secrets) return true
  const text = wf.source.slice(job.node.offset, job.node.end)
  for (const m of text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[)/gi)) if (!m[1] || m[1].toLowerCase() !== 'github_token') return true
  const p = job.permissions ?? wf.permissions
  if (!p || p.kind === 'write-all' || p.kind === 'expression') return true
  return RELEASE_SCOPES.some((s) => p.scopes.get(s)?.value === 'write')
}

/** What token the reached jobs hold, in words: write, read-only, or the repository's default. */
function tokenWords(wf: Workflow, jobs: Job[]): string {
  const perms = jobs.map((j) => j.permissions ?? wf.permissions)
  if (perms.some((p) => !p)) return "the repository's default token, which may be read-write"
  const write = perms.some((p) => p!.kind === 'write-all' || p!.kind === 'expression' || [...p!.scopes.values()].some((v) => v.value === 'write'))
  return write ? 'a write token' : 'a read-only token'
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
    // the event that actually started this run: whatever the `if:` reasoning says, a job about
    // to publish on an event an outsider can start does not publish (inside a reusable
    // workflow, the event is the caller's)
    const rt = ctx.runtime?.eventName
    if (ctx.scope.mode === 'gate' && rt && DANGEROUS_EVENTS[rt]) {
      const up = ctx.runtime?.upstreamEvent
      const fromOutside = rt !== 'workflow_run' || !up || PR_TRIGGERS.includes(up) || !!DANGEROUS_EVENTS[up]
      if (fromOutside) {
        const job = guarded[0]
        const via = rt === 'workflow_run' ? (up ? `, following a run started by \`${up}\`` : ', following a run whose event could not be read') : ''
        out.push(
          ctx.finding({
            message: `this run was started by \`${rt}\`${via}${wf.triggers.some((t) => t.event === 'workflow_call') ? ' (the caller\'s event: this is a reusable workflow)' : ''}: ${DANGEROUS_EVENTS[rt]}; job ${code(job.id)} must not publish from it, whatever its \`if:\` conditions say`,
            fix: 'Publish only from runs started by `release`, a tag push or `workflow_dispatch`; do not call the publishing workflow from a workflow that outsiders can start.',
            at: job.pos,
            job: job.id,
          }),
        )
      }
    }
    for (const occ of occasions(wf)) {
      const risk = DANGEROUS_EVENTS[occ.event]
      if (!risk) continue
      const reached = guarded.filter((j) => jobReachable(wf, j, occ) !== false)
      if (reached.length === 0) continue
      const jobs = reached.map((j) => code(j.id)).join(', ')
      const what = ctx.scope.mode === 'all' ? 'job' : 'publishing job'
      // in a workflow where nothing publishes, the trigger is the release's risk only when the
      // jobs it reaches hold what a release is made with: secrets (Kong, December 2024), or a
      // token that can push tags, packages or OIDC tokens; a labeller is said, not blocked
      let severity: 'error' | 'warning' = ctx.scope.mode === 'all' && !reached.some((j) => holdsReleasePower(wf, j)) ? 'warning' : 'error'
      let why = occ.event === 'pull_request_target' ? `runs for pull requests from forks with the base repository's secrets and ${tokenWords(wf, reached)}` : risk
      if (occ.event === 'workflow_run') {
        ;({ severity, why } = workflowRun(ctx))
        if (ctx.scope.mode === 'all' && !reached.some((j) => holdsReleasePower(wf, j))) severity = 'warning'
      }
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
