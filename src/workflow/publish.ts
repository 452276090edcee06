/**
 * What publishes. Used to choose the jobs to audit when no job is named (CLI), and by rules
 * that judge "the publishing job". The facts are the catalogue's (`catalogue.ts`).
 */
import type { Job, Step, Workflow } from './model.js'
import { factsOf, holds, input, logicalLines, runText, stepCommands } from './actions.js'
import type { Registry } from './catalogue.js'
import { packagesOf, scriptPublishes } from './scripts.js'
import type { PackageFiles } from './scripts.js'

export type { Registry } from './catalogue.js'

export interface PublishSignal {
  registry: Registry
  /** What was seen: an action name or a command. */
  evidence: string
  step?: Step
  /**
   * Through a package script (`npm run release`): how it publishes, in words, for messages.
   * `assumed` when package.json could not settle it and the step is read as publishing.
   */
  script?: { evidence: string; assumed?: boolean }
}

const publishes = new WeakMap<Step, { files: PackageFiles | undefined; v: PublishSignal | null }>()

/**
 * What a step publishes (memoised per step: several rules ask; anew when other package.json
 * files are attached to its workflow).
 */
export function stepPublishes(step: Step): PublishSignal | undefined {
  const files = packagesOf(step)
  let m = publishes.get(step)
  if (m === undefined || m.files !== files) {
    m = { files, v: detectPublish(step) ?? null }
    publishes.set(step, m)
  }
  return m.v ?? undefined
}

/** A `--dry-run` (or `-n`) on the publishing line: a rehearsal. */
const DRY_RUN = /(?:^|\s)(?:--dry-run|-n)(?:\s|$)/

function detectPublish(step: Step): PublishSignal | undefined {
  const f = factsOf(step)
  if (f?.publishes) {
    if (!holds(f.publishes.when, step)) return undefined
    if (holds({ set: 'dry-run' }, step, false)) return undefined
    return { registry: f.publishes.registry, evidence: step.uses!.value, step }
  }
  const run = runText(step)
  if (!run) return undefined
  for (const c of stepCommands(step)) {
    if (!c.publishes) continue
    // a dry run of this very command publishes nothing
    const lines = logicalLines(run).filter((l) => c.re.test(l))
    if (lines.length && lines.every((l) => DRY_RUN.test(l) || (c.rehearsal?.test(l) ?? false))) continue
    return { registry: c.publishes, evidence: c.label, step }
  }
  const sp = scriptPublishes(step)
  if (sp) return { registry: sp.registry, evidence: sp.command, step, script: { evidence: sp.evidence, ...(sp.assumed ? { assumed: true } : {}) } }
  return undefined
}


/** A publish to a test index (TestPyPI): a rehearsal, not a release. */
export function isTestPublish(step: Step): boolean {
  const f = factsOf(step)
  if (f?.testIndex) return holds(f.testIndex, step, false)
  const url = input(step, 'repository-url') ?? input(step, 'repository_url') ?? ''
  if (/test\.pypi\.org/i.test(url)) return true
  const run = runText(step) ?? ''
  return /\b(twine\s+upload|uv\s+publish|poetry\s+publish|hatch\s+publish)\b(?:(?!\b(?:twine|uv|poetry|hatch)\s)[^\n])*(test\.pypi\.org|(-r|--repository|--index|--repo)[ =]testpypi)/i.test(run)
}

/**
 * A publish nobody outside the project sees: a test index, or a command whose every
 * publishing line is a rehearsal or unseen by the catalogue (`gh release create --draft`).
 */
export function isRehearsal(step: Step): boolean {
  if (isTestPublish(step)) return true
  const run = runText(step)
  if (!run) return false
  if (stepPublishes(step)?.script) return false
  const cmds = stepCommands(step).filter((c) => c.publishes)
  if (!cmds.length) return false
  return cmds.every((c) => {
    const lines = run.split(/\r?\n/).filter((l) => c.re.test(l))
    return lines.length > 0 && lines.every((l) => DRY_RUN.test(l) || !!c.rehearsal?.test(l) || !!c.unseen?.test(l))
  })
}

/** The effective `id-token` permission of a job: its own block, else the workflow's. */
export function hasIdTokenWrite(wf: Workflow, job: Job): boolean {
  const p = job.permissions ?? wf.permissions
  if (!p) return false
  if (p.kind === 'write-all') return true
  return p.scopes.get('id-token')?.value === 'write'
}

/**
 * What a job publishes, from its steps. `id-token: write` alone does not make a job a
 * publishing one: scorecard, cloud deploys and bots hold it too.
 */
export function publishSignals(_wf: Workflow, job: Job): PublishSignal[] {
  const out: PublishSignal[] = []
  for (const s of job.steps) {
    const sig = stepPublishes(s)
    if (sig) out.push(sig)
  }
  return out
}

export function isPublishingJob(wf: Workflow, job: Job): boolean {
  return publishSignals(wf, job).length > 0
}
