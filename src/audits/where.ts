/** Finding locations for sites: the file the thing is written in, and how it was reached. */
import { stepRef } from './finding.js'
import type { FindingInput } from './finding.js'
import type { JobSite, StepSite } from '../workflow/sites.js'
import type { Pos } from '../workflow/yaml.js'

type Where = Pick<FindingInput, 'file' | 'at' | 'job' | 'step' | 'chain'>

export function atStep(s: StepSite, pos: Pos): Where {
  return { file: s.wf.file, at: pos, job: s.top.job.id, step: stepRef(s.top.step), ...(s.chain.length ? { chain: s.chain } : {}) }
}

export function atJob(s: JobSite, pos: Pos): Where {
  return { file: s.wf.file, at: pos, job: s.job.id, ...(s.chain.length ? { chain: s.chain } : {}) }
}
