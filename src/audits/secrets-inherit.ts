/**
 * secrets-inherit: `secrets: inherit` hands every secret of the repository (and org) to the
 * called workflow, whatever it needs. Pass the ones it needs, by name.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { jobSites } from '../workflow/sites.js'

export const rule: Rule = {
  id: 'secrets-inherit',
  title: 'reusable workflow called with every secret',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    return jobSites(ctx.workflow, ctx.scope, ctx.local)
      .filter((s) => s.job.secrets?.inherit)
      .map((s) =>
        ctx.finding({
          message: `job ${code(s.job.id)} calls ${code(s.job.uses?.value ?? 'a reusable workflow')} with \`secrets: inherit\`: every secret of the repository and organisation is passed, registry tokens included`,
          fix: 'Replace `secrets: inherit` with the secrets the called workflow declares, by name: `secrets: { NAME: ${{ secrets.NAME }} }`.',
          ...atJob(s, s.job.secrets!.pos),
        }),
      )
  },
}
