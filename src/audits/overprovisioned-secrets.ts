/**
 * overprovisioned-secrets: `toJSON(secrets)` or `secrets[<computed>]` puts every secret of the
 * repository within reach of one step, instead of the one it needs.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { walk } from '../workflow/expr.js'
import { exprsIn } from '../workflow/expr-sites.js'
import { jobSites } from '../workflow/sites.js'
import type { Workflow } from '../workflow/model.js'

function overprovisions(inner: string, expr: ReturnType<typeof exprsIn>[number]['expr']): string | undefined {
  if (!expr) return /tojson\s*\(\s*secrets\s*\)|secrets\s*\[/i.test(inner) ? 'the whole `secrets` context' : undefined
  let why: string | undefined
  walk(expr, (e) => {
    if (e.k === 'call' && (e.fn === 'tojson' || e.fn === 'fromjson') && e.args.some((a) => a.k === 'ctx' && a.name === 'secrets')) why = '`toJSON(secrets)`: every secret'
    if (e.k === 'index' && e.obj.k === 'ctx' && e.obj.name === 'secrets' && !(e.index.k === 'lit')) why = 'a computed `secrets[…]` index: any secret'
  })
  return why
}

export const rule: Rule = {
  id: 'overprovisioned-secrets',
  title: 'every secret exposed to a step',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    // only a file that mentions `secrets` next to `[` or `(` can expose all of them
    const mentions = (w: Workflow) => /secrets\s*[[)]/i.test(w.source)
    if (!mentions(ctx.workflow) && ![...ctx.local.values()].some(mentions)) return out
    const files = new Map<Workflow, Set<unknown>>()
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const nodes = [site.job.node]
      if (!files.has(site.wf)) {
        files.set(site.wf, new Set())
        // workflow-level env is shared by every job of the file
        for (const v of site.wf.env.values()) nodes.push(v)
      }
      for (const n of nodes) {
        for (const e of exprsIn(site.wf, n)) {
          const why = overprovisions(e.inner, e.expr)
          if (!why) continue
          out.push(
            ctx.finding({
              message: `${code(e.full)} exposes ${why} to job ${code(site.job.id)}`,
              fix: 'Name each secret the step needs: `${{ secrets.PYPI_TOKEN }}`; to pass several, list them one by one in `env:`.',
              file: site.wf.file,
              at: e.pos,
              job: site.job.id,
              ...(site.chain.length ? { chain: site.chain } : {}),
            }),
          )
        }
      }
    }
    return out
  },
}
