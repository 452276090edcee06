/**
 * impostor-commit: GitHub serves a fork's commits under the parent's name, so
 * `owner/repo@<sha>` can name a commit that no branch or tag of owner/repo contains — code
 * anyone could push to a fork.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atPin } from './where.js'
import { allPins } from '../resolve/online.js'
import type { Workflow } from '../workflow/model.js'

export function filesOf(ctx: RuleContext): Map<string, Workflow> {
  return new Map<string, Workflow>([[ctx.workflow.file, ctx.workflow], ...[...ctx.local.values()].map((w) => [w.file, w] as [string, Workflow])])
}

export const rule: Rule = {
  id: 'impostor-commit',
  title: 'pinned commit is not in the named repository',
  severity: 'error',
  requires: 'online',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const seen = new Set<string>()
    for (const pin of allPins(ctx.resolved!, filesOf(ctx))) {
      if (!pin.sha || !/^[0-9a-f]{40}$/i.test(pin.ref)) continue
      const r = ctx.online!.reach.get(`${pin.owner}/${pin.repo}@${pin.sha}`.toLowerCase())
      if (!r || !('reachable' in r) || r.reachable) continue
      const key = `${pin.root.file}:${pin.root.uses.pos.line}:${pin.value}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(
        ctx.finding({
          message: `${code(pin.value)} names a commit that no branch or tag of ${code(`${pin.owner}/${pin.repo}`)} contains: it lives only in a fork of the repository network`,
          fix: `Replace the SHA with the commit a release tag of ${pin.owner}/${pin.repo} points to, and find out how this one got here.`,
          ...atPin(pin),
        }),
      )
    }
    return out
  },
}
