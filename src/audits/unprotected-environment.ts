/**
 * unprotected-environment: an environment protects a release only through its rules. One that
 * does not exist is created, unprotected, on first use; one without required reviewers or a
 * deployment rule lets any branch's workflow publish.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'

export const rule: Rule = {
  id: 'unprotected-environment',
  title: 'deployment environment without protection',
  severity: 'error',
  requires: 'online',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all') return []
    const out: Finding[] = []
    for (const job of ctx.scope.targets) {
      const declared = job.environment?.name
      const name = ctx.runtime?.environment ?? (declared && !declared.includes('${{') ? declared : undefined)
      if (!name) continue
      const f = ctx.online!.environments.get(name)
      if (!f || 'error' in f) continue
      const at = { at: job.environment?.pos ?? job.pos, job: job.id }
      const settings = `Repository settings › Environments › ${name}`
      if (!f.exists) {
        out.push(ctx.finding({ ...at, message: `environment ${code(name)} does not exist: GitHub creates it on first use, with no protection rules`, fix: `Create it in ${settings}, with required reviewers and a deployment rule for your release tags.` }))
        continue
      }
      if (f.reviewers === 0) out.push(ctx.finding({ ...at, message: `environment ${code(name)} has no required reviewers: nobody approves a release`, fix: `Add required reviewers in ${settings}.` }))
      else if (!f.preventSelfReview) out.push(ctx.finding({ ...at, message: `environment ${code(name)} lets whoever started the run approve it`, fix: `Turn on "Prevent self-review" in ${settings}.` }))
      if (f.branchPolicy.kind === 'none') out.push(ctx.finding({ ...at, message: `environment ${code(name)} has no deployment branch or tag rule: a workflow on any branch can deploy to it`, fix: `Under "Deployment branches and tags" in ${settings}, allow only your release tags (e.g. \`v*\`) or protected branches.` }))
      if (f.canAdminsBypass) out.push(ctx.finding({ ...at, severity: 'warning', message: `administrators can bypass the protection rules of environment ${code(name)}`, fix: `Turn off "Allow administrators to bypass configured protection rules" in ${settings}.` }))
    }
    return out
  },
}
