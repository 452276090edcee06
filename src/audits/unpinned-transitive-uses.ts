/**
 * unpinned-transitive-uses: a SHA pin at the top says nothing about the refs used inside.
 * Composite actions and reusable workflows resolve their own `uses:` at run time; the
 * tj-actions compromise spread through actions that used it by tag.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import type { DepNode, Root } from '../resolve/graph.js'
import { imagePinned, parseImage } from '../workflow/uses.js'
import { pinKey } from '../resolve/lockfile.js'

function fileBase(f: string): string {
  return f.split('/').pop() ?? f
}

export const rule: Rule = {
  id: 'unpinned-transitive-uses',
  title: 'action used by an action is not pinned',
  severity: 'error',
  requires: 'online',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const res = ctx.resolved!
    for (const root of res.roots) {
      const seen = new Set<string>()
      const at = { file: root.file, at: root.uses.pos, job: root.job, ...(root.step ? { step: root.step } : {}) }
      const walk = (n: DepNode | undefined, hops: string[]) => {
        if (!n || seen.has(n.id)) return
        seen.add(n.id)
        const chain = (extra: string) => [fileBase(root.file), root.job, ...root.chain.slice(1), ...hops, extra]
        if (n.kind === 'docker' && n.image) {
          const img = n.image.value
          if (img.startsWith('docker://')) {
            if (!imagePinned(parseImage(img.slice(9)))) {
              out.push(ctx.finding({ ...at, message: `${code(n.uses.raw)} is a Docker action whose image ${code(img)} is not pinned by digest`, fix: `Ask the action's authors to pin \`runs.image\` by digest, or use a release that does; or allow it with a reason.`, chain: chain(img), subject: img }))
            }
          } else if (/Dockerfile$/i.test(img)) {
            out.push(ctx.finding({ ...at, severity: 'note', message: `${code(n.uses.raw)} builds its container from ${code(img)} at run time, from the pinned commit; what that build downloads is not pinned`, fix: 'Nothing to change if the Dockerfile pins its base image by digest; check it once.', chain: chain(img) }))
          }
        }
        for (const e of n.children) {
          const p = e.uses.parsed
          const lockedAt = p.kind === 'repo' && ctx.lock?.onboarded && ctx.lock.closure?.has(pinKey(p.owner, p.repo, p.ref)) ? ctx.lock.actionsLock?.dependencies.get(pinKey(p.owner, p.repo, p.ref))?.commit.hex : undefined
          if (p.kind === 'repo' && p.refKind !== 'sha' && lockedAt) {
            out.push(ctx.finding({ ...at, severity: 'note', message: `${code(n.uses.raw)} uses ${code(e.uses.value)}, a ${p.refKind === 'branch' ? 'branch' : 'tag'}, but actions.lock pins it to ${code(lockedAt.slice(0, 12))}: GitHub runs the locked commit`, fix: 'Nothing to do while the workflow stays onboarded.', chain: chain(e.uses.value), subject: e.uses.value }))
          } else if (p.kind === 'repo' && p.refKind !== 'sha') {
            out.push(
              ctx.finding({
                ...at,
                message: `${code(n.uses.raw)} uses ${code(e.uses.value)}, pinned to ${p.refKind === 'branch' ? 'a branch' : p.refKind === 'expression' ? 'an expression' : 'a tag'}: the code it runs can change without any change to this workflow`,
                fix: `Use a version of ${code(`${n.uses.owner}/${n.uses.repo}`)} that pins its own dependencies to full SHAs, or replace it; or allow ${code(`${p.owner}/${p.repo}`)} with a reason if it cannot be pinned.`,
                chain: chain(e.uses.value),
                subject: e.uses.value,
              }),
            )
          } else if (e.note && !/^container image$/.test(e.note)) {
            out.push(ctx.finding({ ...at, severity: /deeper than/.test(e.note) ? 'error' : 'warning', message: `${code(n.uses.raw)} uses ${code(e.uses.value)}: ${e.note}`, fix: 'Review the action; a remote action should not depend on the caller\'s checkout.', chain: chain(e.uses.value) }))
          } else if (p.kind === 'docker' && !imagePinned(p)) {
            out.push(ctx.finding({ ...at, message: `${code(n.uses.raw)} runs the image ${code(e.uses.value)}, not pinned by digest`, fix: 'Use a version of the action that pins the image by digest.', chain: chain(e.uses.value), subject: e.uses.value }))
          }
          walk(e.node, [...hops, e.uses.value])
        }
      }
      walk(root.node, [root.uses.value])
    }
    return out
  },
}

export type { Root }
