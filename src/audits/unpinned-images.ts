/**
 * unpinned-images: container images (`docker://` steps, job `container:`, `services:`)
 * must be pinned by `@sha256:` digest. A tag, `latest` included, can be re-pushed.
 */
import { code, stepRef } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import type { Job } from '../workflow/model.js'
import { imagePinned, parseImage } from '../workflow/uses.js'
import { get } from '../workflow/yaml.js'
import type { Pos, YNode } from '../workflow/yaml.js'

function imageMessage(ref: string, where: string): { message: string; fix: string } | undefined {
  if (ref.includes('${{')) {
    return {
      message: `${where} image ${code(ref)} is an expression; the image that runs cannot be known before the job starts`,
      fix: 'Write the image literally, pinned by digest: `image@sha256:<digest>`.',
    }
  }
  const img = parseImage(ref)
  if (imagePinned(img)) return undefined
  const tag = img.tag ?? 'latest'
  return {
    message: `${where} image ${code(ref)} is referenced by ${img.tag ? `tag ${code(tag)}` : 'no tag (implicitly `latest`)'}, not by digest`,
    fix: `Pin the image by digest and keep the tag for readers: ${code(`${img.image}:${tag}@sha256:<digest>`)} (${code(`docker buildx imagetools inspect ${img.image}:${tag}`)} prints the digest).`,
  }
}

/** `container: image` or `container: { image: … }`. */
function imageOf(node: YNode | undefined): { ref: string; pos: Pos } | undefined {
  if (!node) return undefined
  const img = node.kind === 'map' ? get(node, 'image') : node
  if (img && img.kind === 'scalar' && typeof img.value === 'string' && img.value !== '') return { ref: img.value, pos: img.pos }
  return undefined
}

function jobImages(job: Job): Array<{ ref: string; pos: Pos; where: string }> {
  const out: Array<{ ref: string; pos: Pos; where: string }> = []
  const c = imageOf(job.container)
  if (c) out.push({ ...c, where: 'job container' })
  if (job.services?.kind === 'map') {
    for (const p of job.services.pairs) {
      const s = imageOf(p.value)
      if (s) out.push({ ...s, where: `service '${p.key.value}'` })
    }
  }
  return out
}

export const rule: Rule = {
  id: 'unpinned-images',
  title: 'container image not pinned by digest',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    for (const job of ctx.scope.jobs) {
      for (const img of jobImages(job)) {
        const m = imageMessage(img.ref, img.where)
        if (m) out.push(ctx.finding({ ...m, at: img.pos, job: job.id, subject: img.ref }))
      }
      for (const step of job.steps) {
        const u = step.uses?.parsed
        if (!u || u.kind !== 'docker') continue
        const m = imageMessage(u.raw.slice('docker://'.length), 'step')
        if (m) out.push(ctx.finding({ ...m, at: step.uses!.pos, job: job.id, step: stepRef(step), subject: u.raw }))
      }
    }
    if (ctx.workflow.runs?.image) {
      const image = ctx.workflow.runs.image
      if (image.value.startsWith('docker://')) {
        const m = imageMessage(image.value.slice('docker://'.length), 'action')
        if (m) out.push(ctx.finding({ ...m, at: image.pos, subject: image.value }))
      }
    }
    return out
  },
}
