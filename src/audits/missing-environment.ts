/**
 * missing-environment: the publishing job must declare a deployment `environment:`, so that
 * its protection rules (required reviewers, which refs may deploy) stand between a push and
 * the registry, and trusted publishers can be bound to it.
 *
 * Severity (README, "Severity policy"): a job that uploads to a registry without an
 * environment is an error; a job that only creates or edits a GitHub Release is a warning; so
 * is a job that runs only after an environment-protected job and holds no OIDC token and no
 * registry credential. A job that calls a reusable workflow is judged by the called
 * workflow's publishing jobs, where the environment belongs.
 */
import { code } from './finding.js'
import type { Finding, Severity } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { hasIdTokenWrite, publishSignals } from '../workflow/publish.js'
import { needsClosure } from '../workflow/scope.js'
import type { Job, Workflow } from '../workflow/model.js'
import { MAX_COMPOSITE_DEPTH } from '../workflow/sites.js'

/** A declared, non-empty environment name (an expression counts: it names one at run time). */
function hasEnvironment(job: Job): boolean {
  return !!job.environment?.name?.trim()
}

/** Does the job's text name a secret other than the run's own GITHUB_TOKEN? */
function holdsSecret(wf: Workflow, job: Job): boolean {
  const text = wf.source.slice(job.node.offset, job.node.end)
  for (const m of text.matchAll(/\bsecrets\s*\.\s*([A-Za-z_][\w-]*)|\bsecrets\s*\[/gi)) {
    if (!m[1] || m[1].toLowerCase() !== 'github_token') return true
  }
  return false
}

interface Callee {
  wf: Workflow
  chain: string[]
}

/** The local reusable workflow a job calls, when it was loaded. */
function callee(ctx: RuleContext, job: Job, chain: string[]): Callee | undefined {
  const u = job.uses?.parsed
  if (!u || u.kind !== 'local' || !u.reusableWorkflow) return undefined
  const wf = ctx.local.get(u.path)
  return wf ? { wf, chain: [...chain, job.id, job.uses!.value] } : undefined
}

export const rule: Rule = {
  id: 'missing-environment',
  title: 'publishing job without a deployment environment',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all') return []
    const out: Finding[] = []
    const top = ctx.workflow

    const judge = (wf: Workflow, job: Job, chain: string[], jobsOfFile: Job[], depth: number): void => {
      if (hasEnvironment(job)) return
      if (job.uses) {
        const c = callee(ctx, job, chain)
        if (c && depth < MAX_COMPOSITE_DEPTH) {
          // the environment belongs on the called workflow's publishing jobs: judge those
          for (const j of c.wf.jobs) if (publishSignals(c.wf, j).length || j.uses) judge(c.wf, j, c.chain, c.wf.jobs, depth + 1)
          return
        }
        const remote = job.uses.parsed.kind === 'repo'
        out.push(
          ctx.finding({
            message: remote
              ? `job ${code(job.id)} publishes through the reusable workflow ${code(job.uses.value)} of another repository, which release-gate could not read here: whether its publishing job declares an environment is not checked`
              : `job ${code(job.id)} publishes through the reusable workflow ${code(job.uses.value)}, which could not be read: whether its publishing job declares an environment is not checked`,
            fix: 'Declare `environment:` on the publishing job inside the called workflow (a calling job cannot declare one), protect it with required reviewers, and run release-gate online (with a token) so it reads the called workflow.',
            at: job.pos,
            job: job.id,
            file: wf.file,
            ...(chain.length ? { chain } : {}),
            severity: 'warning',
          }),
        )
        return
      }
      const signals = publishSignals(wf, job)
      const registries = [...new Set(signals.map((s) => s.registry))]
      const releaseOnly = registries.length > 0 && registries.every((r) => r === 'github-release')
      const protectedBefore = needsClosure(wf, [job]).filter((j) => j !== job && hasEnvironment(j))
      const credential = hasIdTokenWrite(wf, job) || holdsSecret(wf, job)
      let severity: Severity = 'error'
      let why = ''
      if (releaseOnly) {
        severity = 'warning'
        why = ' It only creates or edits a GitHub Release, which a reviewer can still take back.'
      } else if (protectedBefore.length && !credential) {
        severity = 'warning'
        why = ` It runs only after ${protectedBefore.map((j) => code(j.id)).join(', ')}, which ${protectedBefore.length > 1 ? 'are' : 'is'} environment-protected, and holds no OIDC token and no registry credential.`
      }
      const elsewhere = jobsOfFile.filter((j) => j !== job && hasEnvironment(j) && publishSignals(wf, j).length === 0)
      const where = elsewhere.length
        ? ` The environment ${elsewhere.map((j) => `${code(j.environment!.name!)} is on job ${code(j.id)}`).join(', ')}, which does not publish: a reviewer approves that job, and the job that publishes runs without approval.`
        : ''
      // a package script publishes where the workflow does not say it: say how it was seen
      const script = signals.find((s) => s.script)?.script
      const how = script && !signals.some((s) => !s.script) ? ` It publishes through ${script.evidence}.` : ''
      out.push(
        ctx.finding({
          message: job.emptyEnvironment
            ? `publishing job ${code(job.id)} declares \`environment:\` ${job.emptyEnvironment.name?.trim() ? `as ${code(job.emptyEnvironment.name)}, which can be empty at run time` : 'with an empty name'}, and GitHub runs a job with an empty environment without one.${how}${where}${why}`
            : `publishing job ${code(job.id)} has no \`environment:\`.${how}${where}${why}`,
          fix: `Add \`environment: release\` (any name) to job ${code(job.id)}, give that environment required reviewers and a deployment tag rule in the repository settings, and bind the registry's trusted publisher to it.`,
          at: job.emptyEnvironment?.pos ?? job.pos,
          job: job.id,
          file: wf.file,
          ...(chain.length ? { chain } : {}),
          ...(severity !== 'error' ? { severity } : {}),
        }),
      )
    }

    for (const job of ctx.scope.targets) judge(top, job, [], ctx.scope.jobs, 0)
    return out
  },
}
