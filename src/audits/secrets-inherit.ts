/**
 * secrets-inherit: `secrets: inherit` hands every secret of the repository (and org) to the
 * called workflow, whatever it needs. Pass the ones it needs, by name.
 *
 * In the publishing job and the jobs it needs, it is an error. Elsewhere in the same release
 * workflow it cannot change what is published, but it still hands the release's credentials
 * to code the gate does not guard, in the same run: a warning.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { jobSites } from '../workflow/sites.js'
import type { JobSite } from '../workflow/sites.js'

export const rule: Rule = {
  id: 'secrets-inherit',
  title: 'reusable workflow called with every secret',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const inScope = new Set(ctx.scope.jobs)
    const outside = ctx.scope.mode === 'all' ? [] : ctx.workflow.jobs.filter((j) => !inScope.has(j))
    const report = (s: JobSite, guarded: boolean) =>
      ctx.finding({
        message:
          `job ${code(s.job.id)} calls ${code(s.job.uses?.value ?? 'a reusable workflow')} with \`secrets: inherit\`: every secret of the repository and organisation is passed, registry tokens included` +
          (guarded ? '' : `; the publishing job does not need it, but it runs in the same release workflow`),
        fix: 'Replace `secrets: inherit` with the secrets the called workflow declares, by name: `secrets: { NAME: ${{ secrets.NAME }} }`.',
        ...(guarded ? {} : { severity: 'warning' as const }),
        ...atJob(s, s.job.secrets!.pos),
      })
    const sites = (jobs: typeof outside) => jobSites(ctx.workflow, { ...ctx.scope, targets: [], jobs }, ctx.local).filter((s) => s.job.secrets?.inherit)
    return [...sites(ctx.scope.jobs).map((s) => report(s, true)), ...sites(outside).map((s) => report(s, false))]
  },
}
