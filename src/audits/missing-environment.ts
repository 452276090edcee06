/**
 * missing-environment: the publishing job must declare a deployment `environment:`, so that
 * its protection rules (required reviewers, which refs may deploy) stand between a push and
 * the registry, and trusted publishers can be bound to it.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'

export const rule: Rule = {
  id: 'missing-environment',
  title: 'publishing job without a deployment environment',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all') return []
    const out: Finding[] = []
    for (const job of ctx.scope.targets) {
      if (job.environment) continue
      const elsewhere = ctx.scope.jobs.filter((j) => !ctx.scope.targets.includes(j) && j.environment?.name)
      const where = elsewhere.length
        ? ` The environment ${elsewhere.map((j) => `${code(j.environment!.name!)} is on job ${code(j.id)}`).join(', ')}, which does not publish: a reviewer approves that job, and the job that publishes runs without approval.`
        : ''
      if (job.uses) {
        out.push(
          ctx.finding({
            message: `job ${code(job.id)} publishes through the reusable workflow ${code(job.uses.value)} with no deployment environment in this file.${where}`,
            fix: 'A job that calls a reusable workflow cannot declare `environment:`; declare it on the publishing job inside the called workflow, and protect it with required reviewers.',
            at: job.pos,
            job: job.id,
          }),
        )
        continue
      }
      out.push(
        ctx.finding({
          message: `publishing job ${code(job.id)} has no \`environment:\`.${where}`,
          fix: `Add \`environment: release\` (any name) to job ${code(job.id)}, give that environment required reviewers and a deployment tag rule in the repository settings, and bind the registry's trusted publisher to it.`,
          at: job.pos,
          job: job.id,
        }),
      )
    }
    return out
  },
}
