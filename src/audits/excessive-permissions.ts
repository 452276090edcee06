/**
 * excessive-permissions: read-only `permissions:` at the top of the workflow, and in the jobs
 * that build and publish only the write scopes their steps use.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { stepNeeds } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { JobSite } from '../workflow/sites.js'
import type { Permissions } from '../workflow/model.js'

/**
 * Scopes whose needless grant is a lesser risk: `attestations: write` only lets the job
 * create attestations for this repository. Reported as warnings.
 */
const LOW_RISK = new Set(['attestations'])

function writes(p: Permissions): string[] {
  return [...p.scopes.entries()].filter(([, v]) => v.value === 'write').map(([k]) => k)
}

/** Why each write scope is needed in a job, from its steps (local composites included). */
function needs(site: JobSite, ctx: RuleContext): Map<string, string> {
  const m = new Map<string, string>()
  if (site.job.uses) {
    // the called workflow decides; its jobs are judged where they can be read
    for (const s of ['id-token', 'contents', 'packages', 'attestations', 'pull-requests']) m.set(s, `the called workflow ${site.job.uses.value}`)
    return m
  }
  for (const s of stepSites(site, ctx.local)) {
    const n = stepNeeds(s.step)
    if (n.idToken && !m.has('id-token')) m.set('id-token', n.idToken)
    if (n.attestations && !m.has('attestations')) m.set('attestations', n.attestations)
    if (n.contents && !m.has('contents')) m.set('contents', n.contents)
    if (n.packages && !m.has('packages')) m.set('packages', n.packages)
    if (n.bot && !m.has('bot')) m.set('bot', n.bot)
    if (n.pages) m.set('pages', 'actions/deploy-pages')
  }
  return m
}

export const rule: Rule = {
  id: 'excessive-permissions',
  title: 'token permissions broader than the release needs',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const wf = ctx.workflow
    if (wf.kind !== 'workflow') return []
    const out: Finding[] = []
    const top = wf.permissions
    if (!top) {
      out.push(
        ctx.finding({
          message: 'the workflow has no top-level `permissions:`, so every job without its own block gets the repository\'s default token, which may be read-write',
          fix: 'Add `permissions: {}` (or `permissions: { contents: read }`) at the top of the workflow, and grant each job only what it uses.',
          at: { line: 1, column: 1 },
        }),
      )
    } else if (top.kind === 'write-all' || top.kind === 'read-all') {
      out.push(
        ctx.finding({
          message: `top-level \`permissions: ${top.kind}\` gives every job ${top.kind === 'write-all' ? 'write access to every scope' : 'read access to every scope'}`,
          fix: 'Use `permissions: {}` or `permissions: { contents: read }` at the top, and grant write scopes in the jobs that use them.',
          at: top.pos,
        }),
      )
    } else if (top.kind === 'map') {
      for (const s of writes(top)) {
        out.push(
          ctx.finding({
            message: `top-level \`permissions:\` grants \`${s}: write\` to every job of the workflow`,
            fix: `Keep the top level read-only and move \`${s}: write\` to the job that uses it.`,
            at: top.scopes.get(s)!.pos,
          }),
        )
      }
    }

    for (const site of jobSites(wf, ctx.scope, ctx.local)) {
      const own = site.job.permissions
      if (own?.kind === 'write-all') {
        out.push(ctx.finding({ message: `job ${code(site.job.id)} has \`permissions: write-all\``, fix: 'List the scopes the job uses, each at the lowest level that works.', ...atJob(site, own.pos) }))
        continue
      }
      if (!own || own.kind !== 'map') continue // workflow-level grants are reported above
      const need = needs(site, ctx)
      const bot = need.get('bot')
      for (const s of writes(own)) {
        if (need.has(s) && !(bot && (s === 'contents' || s === 'pull-requests'))) continue
        if (!site.target) {
          if (s !== 'id-token') continue
          out.push(
            ctx.finding({
              message: `job ${code(site.job.id)} holds \`id-token: write\` but neither publishes nor signs: any step in it can mint an OIDC token that trusted publishing accepts for this repository`,
              fix: `Remove \`id-token: write\` from job ${code(site.job.id)}; keep it only in the job that publishes or attests.`,
              ...atJob(site, own.scopes.get(s)!.pos),
            }),
          )
          continue
        }
        const botScope = !!bot && (s === 'contents' || s === 'pull-requests' || s === 'issues')
        out.push(
          ctx.finding({
            message: botScope
              ? `publishing job ${code(site.job.id)} holds \`${s}: write\` for ${bot}, which opens release pull requests from the publishing job; a compromised dependency in this job could push to the repository`
              : `publishing job ${code(site.job.id)} holds \`${s}: write\`, which none of its steps uses`,
            fix: botScope
              ? `Split ${bot}'s release-PR step into its own job with \`contents\`/\`pull-requests: write\`, and keep the publishing job to \`id-token: write\`.`
              : `Remove \`${s}: write\` from job ${code(site.job.id)}${s === 'contents' ? ' (it is needed only by steps that create releases or push, such as `gh release create`)' : ''}.`,
            ...atJob(site, own.scopes.get(s)!.pos),
            ...(botScope || LOW_RISK.has(s) ? { severity: 'warning' as const } : {}),
          }),
        )
      }
    }
    return out
  },
}
