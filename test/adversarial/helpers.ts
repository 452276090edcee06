/** Shared shapes of the adversarial tests: a release job, audited as the action and as the CLI. */
import { auditWorkflow, options } from '../helpers/audit.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import type { Report } from '../../src/engine.js'
import type { RuntimeFacts } from '../../src/audits/rule.js'
import { accepted } from './github.js'
import type { PackageFiles } from '../../src/workflow/scripts.js'

export const GATE = 'octo-org/release-gate@6b3083bc1b9d8b1c8bbb2a4e3c5a1f0d2b7e9a41 # v1.0.0'
export const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0'
export const DOWNLOAD = 'actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0 # v5.0.0'
export const PYPI = 'pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4'

/** What a runner inside the job tells the gate (the action's RuntimeFacts). */
export const RUNNER: RuntimeFacts = { runnerEnvironment: 'github-hosted', gateRepository: 'octo-org/release-gate', eventName: 'release' }

/** The blocking rule ids of a report. */
export function blocking(r: Report): string[] {
  return [...new Set(r.findings.filter((f) => f.blocking).map((f) => f.rule))].sort()
}

/**
 * Audit an attack workflow (after GitHub's parser accepted it) twice: as the action running in
 * `job` (with the runner's facts) and as the CLI choosing the publishing jobs itself; with
 * `packages`, the repository's package.json files as the loaders read them.
 */
export function both(text: string, job: string, runtime: RuntimeFacts = RUNNER, packages?: PackageFiles): { action: Report; cli: Report } {
  const wf = accepted(text)
  return { action: auditWorkflow(wf, { job, runtime, ...(packages ? { packages } : {}) }), cli: auditWorkflow(wf, packages ? { packages } : {}) }
}

/**
 * `both`, with the repository's local files (composite actions, by repository path) loaded as
 * the action and the CLI load them.
 */
export function bothLocal(text: string, job: string, files: Record<string, string>, runtime: RuntimeFacts = RUNNER): { action: Report; cli: Report } {
  const wf = accepted(text)
  const local = new Map(Object.entries(files).map(([p, t]) => [p, parseWorkflow(t, p)]))
  const run = (over: { job?: string; runtime?: RuntimeFacts }): Report => {
    const opts = options(over.runtime ? { runtime: over.runtime } : {})
    return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local, ...(over.job ? { jobId: over.job } : {}) }, opts)], [], opts)
  }
  return { action: run({ job, runtime }), cli: run({}) }
}
