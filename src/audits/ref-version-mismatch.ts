/**
 * ref-version-mismatch: `uses: x@<sha> # v1.2.3` where tag v1.2.3 is another commit. The
 * comment is what reviewers read; when it is stale (Dependabot bumped the SHA only) or a lie,
 * the review approves something else.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atPin } from './where.js'
import { filesOf } from './impostor-commit.js'
import { allPins } from '../resolve/online.js'

export const rule: Rule = {
  id: 'ref-version-mismatch',
  title: 'version comment does not match the pinned commit',
  severity: 'warning',
  requires: 'online',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const seen = new Set<string>()
    for (const pin of allPins(ctx.resolved!, filesOf(ctx))) {
      if (!pin.comment || !/^[0-9a-f]{40}$/i.test(pin.ref) || pin.hops.length > 1) continue
      const t = ctx.online!.tags.get(`${pin.owner}/${pin.repo}@${pin.comment}`.toLowerCase())
      if (!t) continue
      const key = `${pin.root.file}:${pin.root.uses.pos.line}`
      if (seen.has(key)) continue
      seen.add(key)
      const where = atPin(pin)
      // a failed lookup is a check that could not run (check-failed), never a fact about the tag
      if ('error' in t) continue
      // the release the pinned commit is, from a tag pointing at it (not the comment itself)
      const known = ctx.online!.versions.get(`${pin.owner}/${pin.repo}@${pin.ref}`.toLowerCase())
      const actual = known && known !== pin.comment ? known : undefined
      if ('absent' in t) {
        out.push(
          ctx.finding({
            ...where,
            message: `the comment says ${code(pin.comment)}, but ${code(`${pin.owner}/${pin.repo}`)} has no tag ${code(pin.comment)}`,
            fix: actual ? `Change the comment to \`# ${actual}\`, the tag that points at ${pin.ref.slice(0, 12)}.` : `No tag of ${pin.owner}/${pin.repo} points at ${pin.ref.slice(0, 12)}: pin the commit of the release you mean and name its tag in the comment.`,
          }),
        )
      } else if (t.sha.toLowerCase() !== pin.ref.toLowerCase()) {
        out.push(
          ctx.finding({
            ...where,
            message: `the comment says ${code(pin.comment)}, but ${code(pin.comment)} is commit ${code(t.sha.slice(0, 12))}, not the pinned ${code(pin.ref.slice(0, 12))}${actual ? ` (which is ${code(actual)})` : ''}`,
            fix: actual ? `Change the comment to \`# ${actual}\`, or pin ${t.sha} if ${pin.comment} is what you meant.` : `Pin ${t.sha} if ${pin.comment} is what you meant; no tag points at ${pin.ref.slice(0, 12)}.`,
          }),
        )
      }
    }
    return out
  },
}
