/** Finding locations for sites: the file the thing is written in, and how it was reached. */
import { stepRef } from './finding.js'
import type { FindingInput } from './finding.js'
import type { JobSite, StepSite } from '../workflow/sites.js'
import type { Pos } from '../workflow/yaml.js'
import type { Pin } from '../resolve/online.js'

type Where = Pick<FindingInput, 'file' | 'at' | 'job' | 'step' | 'chain'>

export function atStep(s: StepSite, pos: Pos): Where {
  return { file: s.wf.file, at: pos, job: s.top.job.id, step: stepRef(s.top.step), ...(s.chain.length ? { chain: s.chain } : {}) }
}

export function atJob(s: JobSite, pos: Pos): Where {
  return { file: s.wf.file, at: pos, job: s.job.id, ...(s.chain.length ? { chain: s.chain } : {}) }
}

/** A pin found by resolution: reported at the top-level `uses:` it was reached from, with the hops to it. */
export function atPin(pin: Pin): Where & { subject: string } {
  const r = pin.root
  return { file: r.file, at: r.uses.pos, job: r.job, ...(r.step ? { step: r.step } : {}), ...(pin.hops.length > 1 ? { chain: pin.hops } : {}), subject: pin.value }
}
