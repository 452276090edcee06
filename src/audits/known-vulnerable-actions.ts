/**
 * known-vulnerable-actions: an action at a version covered by a GitHub security advisory
 * (ecosystem `actions`), such as tj-actions/changed-files before 46.0.1 (GHSA-mrrh-fwg8-r2c3).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atPin } from './where.js'
import { filesOf } from './impostor-commit.js'
import { allPins } from '../resolve/online.js'

export const rule: Rule = {
  id: 'known-vulnerable-actions',
  title: 'action version with a known vulnerability',
  severity: 'error',
  requires: 'online',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const seen = new Set<string>()
    for (const pin of allPins(ctx.resolved!, filesOf(ctx))) {
      if (!pin.sha) continue
      const version = ctx.online!.versions.get(`${pin.owner}/${pin.repo}@${pin.sha}`.toLowerCase())
      if (!version) continue
      const adv = ctx.online!.advisories.get(`${pin.owner}/${pin.repo}@${version}`.toLowerCase())
      if (!adv || 'error' in adv) continue
      for (const a of adv) {
        const key = `${pin.root.file}:${pin.root.uses.pos.line}:${a.ghsa}`
        if (seen.has(key)) continue
        seen.add(key)
        out.push(
          ctx.finding({
            message: `${code(`${pin.owner}/${pin.repo}`)} ${code(version)} is covered by ${a.ghsa} (${a.severity}): ${a.summary}${a.range ? ` (affected: ${a.range})` : ''}`,
            fix: a.patched ? `Update to ${a.patched} or later, pinned by its full SHA.` : 'No fixed version is published: remove the action.',
            ...atPin(pin),
          }),
        )
      }
    }
    return out
  },
}
