import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { EngineOptions, Report } from '../../src/engine.js'
import { emptyConfig } from '../../src/context/config.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import type { Workflow } from '../../src/workflow/model.js'
import type { PackageFiles } from '../../src/workflow/scripts.js'
import type { Finding } from '../../src/audits/finding.js'

export const FIXTURES = join(process.cwd(), 'test', 'fixtures')

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel)
}

export function readFixture(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8')
}

export function loadFixture(rel: string): Workflow {
  return parseWorkflow(readFixture(rel), rel)
}

/** Lines (1-based) carrying a `# NOT OK` marker. */
export function notOkLines(rel: string): number[] {
  return readFixture(rel)
    .split('\n')
    .flatMap((l, i) => (/(#|\/\/).*NOT OK/.test(l) ? [i + 1] : []))
}

export function options(over: Partial<EngineOptions> = {}): EngineOptions {
  return { failOn: 'error', disabled: [], config: emptyConfig(), allow: [], docsBase: 'https://example.test/docs/rules', ...over }
}

export function auditWorkflow(wf: Workflow, over: Partial<EngineOptions> & { job?: string; packages?: PackageFiles } = {}): Report {
  const { job, packages, ...rest } = over
  const opts = options(rest)
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], ...(job ? { jobId: job } : {}), ...(packages ? { packages } : {}) }, opts)], [], opts)
}

export function audit(rel: string, over: Partial<EngineOptions> & { job?: string } = {}): Report {
  return auditWorkflow(loadFixture(rel), over)
}

export function ofRule(r: Report, rule: string): Finding[] {
  return r.findings.filter((f) => f.rule === rule)
}

/**
 * Audit a repository fixture's workflow with its local reusable workflows and composite
 * actions loaded (`<dir>/.github/...`, read by repository path), as the CLI reads a checkout.
 */
export function auditRepoFixture(dir: string, workflow: string, local: string[], over: Partial<EngineOptions> & { job?: string } = {}): Report {
  const { job, ...rest } = over
  const opts = options(rest)
  const wf = parseWorkflow(readFixture(join(dir, workflow)), workflow)
  const files = new Map(local.map((p) => [p, parseWorkflow(readFixture(join(dir, p)), p)]))
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local: files, ...(job ? { jobId: job } : {}) }, opts)], [], opts)
}
