/**
 * excessive-permissions: read-only `permissions:` at the top of the workflow, and in the jobs
 * that build and publish only the write scopes their steps use.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atJob } from './where.js'
import { stepNeeds } from '../workflow/actions.js'
import { MAX_COMPOSITE_DEPTH, jobSites, localAction, stepSites } from '../workflow/sites.js'
import type { JobSite } from '../workflow/sites.js'
import { setsOwnToken } from '../workflow/scope.js'
import type { Permissions, Workflow } from '../workflow/model.js'

/**
 * Scopes whose needless grant is a lesser risk: `attestations: write` only lets the job
 * create attestations for this repository, `artifact-metadata: write` only storage records
 * for its artifacts. Reported as warnings.
 */
const LOW_RISK = new Set(['attestations', 'artifact-metadata'])

function writes(p: Permissions): string[] {
  return [...p.scopes.entries()].filter(([, v]) => v.value === 'write').map(([k]) => k)
}

interface JobNeeds {
  /** Why each write scope is needed, from the steps (local composites included). */
  scopes: Map<string, string>
  bot?: string
  /** Steps whose needs the gate cannot know (actions the catalogue lacks, opaque scripts). */
  opaque: string[]
}

function needs(site: JobSite, ctx: RuleContext, depth = 0): JobNeeds {
  const m = new Map<string, string>()
  const out: JobNeeds = { scopes: m, opaque: [] }
  const add = (n: JobNeeds) => {
    for (const [scope, why] of n.scopes) if (!m.has(scope)) m.set(scope, why)
    if (n.bot && !out.bot) out.bot = n.bot
    for (const o of n.opaque) if (!out.opaque.includes(o)) out.opaque.push(o)
  }
  if (site.job.uses) {
    // a reusable workflow gets no more than the calling job grants: what its jobs use is
    // what the grant is for (read when the file was loaded; opaque otherwise)
    const u = site.job.uses.parsed
    const called = u.kind === 'local' && u.reusableWorkflow ? ctx.local.get(u.path) : undefined
    if (!called || called === site.wf || depth >= MAX_COMPOSITE_DEPTH) {
      out.opaque.push(`the called workflow ${code(site.job.uses.value)}`)
      return out
    }
    for (const j of called.jobs) add(needs({ job: j, wf: called, chain: [...site.chain, site.job.id, site.job.uses.value], target: site.target }, ctx, depth + 1))
    return out
  }
  for (const s of stepSites(site, ctx.local)) {
    const n = stepNeeds(s.step)
    add({ scopes: n.scopes, ...(n.bot ? { bot: n.bot } : {}), opaque: n.opaque ? [code(n.opaque)] : [] })
    const u = s.step.uses?.parsed
    // a local action the gate could not read is as opaque as an unknown one
    if (u && u.kind === 'local' && !u.reusableWorkflow && !localAction(ctx.local, u.path)) add({ scopes: new Map(), opaque: [code(s.step.uses!.value)] })
  }
  return out
}

/** Only `workflow_call`: a called workflow's token is capped by its caller's grant. */
function calledOnly(wf: Workflow): boolean {
  return wf.triggers.length > 0 && wf.triggers.every((t) => t.event === 'workflow_call')
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
    // Without a top-level block, only the jobs without a block of their own get the
    // repository's default token; a reusable-workflow call passes it on to the called
    // workflow, unless that workflow sets its own permissions (they can only lower the
    // caller's). A called workflow gets no more than its caller grants; a job that never runs
    // (`if: false`) gets nothing.
    const never = new Set((ctx.scope.neverRun ?? []).map((n) => n.job.id))
    const runs = wf.jobs.filter((j) => !never.has(j.id))
    const bare = runs.filter((j) => !setsOwnToken(j, ctx.local, wf))
    const capped = runs.filter((j) => !j.permissions && j.uses)
    if (!top && !calledOnly(wf)) {
      out.push(
        ctx.finding(
          bare.length
            ? {
                message: `the workflow has no top-level \`permissions:\`, and ${bare.length === 1 ? `job ${code(bare[0].id)} has` : `jobs ${bare.map((j) => code(j.id)).join(', ')} have`} no block of ${bare.length === 1 ? 'its' : 'their'} own, so ${bare.length === 1 ? 'it gets' : 'they get'} the repository's default token, which may be read-write`,
                fix: 'Add `permissions: {}` (or `permissions: { contents: read }`) at the top of the workflow, and grant each job only what it uses.',
                at: { line: 1, column: 1 },
              }
            : {
                message: `the workflow has no top-level \`permissions:\`; ${
                  runs.length === 0
                    ? 'no job can ever run (`if: false`)'
                    : capped.length
                      ? `every job declares its own, or calls a workflow that sets its own (${capped.map((j) => `${code(j.id)} › ${code(j.uses!.value)}`).join(', ')})`
                      : 'every job declares its own'
                }, so none gets the default token today, but a job added${runs.length === 0 ? ' or switched on' : ''} later would`,
                fix: 'Add `permissions: {}` at the top of the workflow (SPEC 8 asks for a read-only top level); the jobs keep their own blocks.',
                at: { line: 1, column: 1 },
                severity: 'warning',
              },
        ),
      )
    } else if (top && (top.kind === 'write-all' || top.kind === 'read-all')) {
      out.push(
        ctx.finding({
          message: `top-level \`permissions: ${top.kind}\` gives every job ${top.kind === 'write-all' ? 'write access to every scope' : 'read access to every scope'}`,
          fix: 'Use `permissions: {}` or `permissions: { contents: read }` at the top, and grant write scopes in the jobs that use them.',
          at: top.pos,
          // read-all is read-only, as SPEC 8 asks, only broader than it needs to be
          ...(top.kind === 'read-all' ? { severity: 'warning' as const } : {}),
        }),
      )
    } else if (top?.kind === 'map') {
      // a top-level grant reaches only the jobs without a block of their own
      const reached = bare
      for (const s of writes(top)) {
        out.push(
          ctx.finding({
            message: reached.length
              ? `top-level \`permissions:\` grants \`${s}: write\` to every job without its own block (${reached.map((j) => code(j.id)).join(', ')})`
              : `top-level \`permissions:\` grants \`${s}: write\`; every job sets its own block, so none holds it today, but a job added later would`,
            fix: `Keep the top level read-only and move \`${s}: write\` to the job that uses it.`,
            at: top.scopes.get(s)!.pos,
            ...(reached.length ? {} : { severity: 'warning' as const }),
          }),
        )
      }
    }

    for (const site of jobSites(wf, ctx.scope, ctx.local)) {
      // a called workflow's job without a block of its own holds its workflow's top-level grant
      const own = site.job.permissions ?? (site.chain.length ? site.wf.permissions : undefined)
      if (own?.kind === 'write-all') {
        out.push(ctx.finding({ message: `job ${code(site.job.id)} has \`permissions: write-all\``, fix: 'List the scopes the job uses, each at the lowest level that works.', ...atJob(site, own.pos) }))
        continue
      }
      if (!own || own.kind !== 'map') continue // workflow-level grants are reported above
      const need = needs(site, ctx)
      const bot = need.bot
      const publishing = site.target && ctx.scope.mode !== 'all'
      const noun = publishing ? 'publishing job' : 'job'
      for (const s of writes(own)) {
        if (need.scopes.has(s) && !(bot && (s === 'contents' || s === 'pull-requests'))) continue
        if (!site.target || ctx.scope.mode === 'all') {
          if (s !== 'id-token') continue
          const opaque = need.opaque.length > 0
          out.push(
            ctx.finding({
              message: opaque
                ? `job ${code(site.job.id)} holds \`id-token: write\`, and none of the steps release-gate knows publishes or signs; it cannot tell what ${need.opaque.slice(0, 3).join(', ')} ${need.opaque.length > 1 ? 'do' : 'does'}. Any step in it can mint an OIDC token that trusted publishing accepts for this repository`
                : `job ${code(site.job.id)} holds \`id-token: write\` but neither publishes nor signs: any step in it can mint an OIDC token that trusted publishing accepts for this repository`,
              fix: `Remove \`id-token: write\` from job ${code(site.job.id)}; keep it only in the job that publishes or attests.`,
              ...atJob(site, own.scopes.get(s)!.pos),
              ...(opaque ? { severity: 'warning' as const } : {}),
            }),
          )
          continue
        }
        const botScope = !!bot && need.scopes.has(s) && (s === 'contents' || s === 'pull-requests' || s === 'issues')
        // A step whose needs are unknown may be the one that uses the scope: say so, as a warning.
        const opaque = !botScope && need.opaque.length > 0
        out.push(
          ctx.finding({
            message: botScope
              ? `publishing job ${code(site.job.id)} holds \`${s}: write\` for ${bot}, which opens release pull requests from the publishing job; a compromised dependency in this job could push to the repository`
              : opaque
                ? `${noun} ${code(site.job.id)} holds \`${s}: write\`, which none of the steps release-gate knows uses; it cannot tell what ${need.opaque.slice(0, 3).join(', ')}${need.opaque.length > 3 ? ` and ${need.opaque.length - 3} more` : ''} ${need.opaque.length > 1 ? 'need' : 'needs'}`
                : `${noun} ${code(site.job.id)} holds \`${s}: write\`, which none of its steps uses`,
            fix: botScope
              ? `Split ${bot}'s release-PR step into its own job with \`contents\`/\`pull-requests: write\`, and keep the publishing job to \`id-token: write\`.`
              : opaque
                ? `If no step of job ${code(site.job.id)} needs \`${s}: write\`, remove it; if one does, keep it and suppress this finding with the reason (\`# release-gate: ignore[excessive-permissions] -- <step> needs ${s}\`).`
                : `Remove \`${s}: write\` from job ${code(site.job.id)}${s === 'contents' ? ' (it is needed only by steps that create releases or push, such as `gh release create`)' : ''}.`,
            ...atJob(site, own.scopes.get(s)!.pos),
            ...(botScope || opaque || LOW_RISK.has(s) ? { severity: 'warning' as const } : {}),
          }),
        )
      }
    }
    return out
  },
}
