import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, loadFixture, ofRule, readFixture } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { neverRunning, selectScope } from '../../src/workflow/scope.js'

describe('jobs that never run', () => {
  const N = 'workflows/scope/never-runs.yml'
  const C = 'workflows/scope/never-runs-chain.yml'

  it('are not audited, and the report says so (polars release-rust.yml, `if: false`)', () => {
    const r = audit(N)
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(r.files[0]).toMatchObject({ jobs: [], targets: [], scope: 'no job can run' })
    expect(r.skipped).toContainEqual({ check: `job 'release-rust' of ${N}`, reason: 'not audited: never runs (`if: false`)' })
    expect(r.verdict).toBe('pass')
  })

  it('are audited, and block, when the `if:` reads anything of the run', () => {
    const wf = parseWorkflow(readFixture(N).replace('if: false', "if: github.repository == 'pola-rs/polars'"), N)
    const r = auditWorkflow(wf)
    expect(r.files[0].targets).toEqual(['release-rust'])
    expect(ofRule(r, 'unpinned-uses').map((f) => f.line)).toEqual([14, 15])
    expect(r.verdict).toBe('fail')
  })

  it('decide with GitHub rules: a constant expression, a job needing one (unless it runs after skips), never a string', () => {
    expect([...neverRunning(loadFixture(C))]).toEqual([
      ['build-docs', 'never runs (`if: ${{ false }}` is false on every event)'],
      ['deploy-docs', 'never runs: it needs job `build-docs`, which never runs'],
      ['publish', "never runs (`if: false && github.repository == 'octo/demo'` is false on every event)"],
    ])
    // text around `${{ }}` makes the value a non-empty string: the job runs
    const str = parseWorkflow(readFixture(C).replace('if: ${{ false }}', "if: '${{ false }} '"), C)
    expect([...neverRunning(str).keys()]).toEqual(['publish'])
  })

  it('are left out of the scope with their reason; the job named to the gate is audited whatever its `if:` says', () => {
    const wf = loadFixture(C)
    const s = selectScope(wf)
    expect(s.mode).toBe('all')
    expect(s.targets.map((j) => j.id)).toEqual(['report'])
    expect(s.neverRun?.map((n) => [n.job.id, n.why])).toEqual([
      ['build-docs', 'never runs (`if: false`)'],
      ['deploy-docs', 'never runs: it needs job `build-docs`, which never runs'],
      ['publish', "never runs (`if: false && github.repository == 'octo/demo'` is false on every event)"],
    ])
    const report = selectScope(wf, 'report')
    expect(report.jobs.map((j) => j.id)).toEqual(['report'])
    const named = selectScope(wf, 'publish')
    expect(named.targets.map((j) => j.id)).toEqual(['publish'])
    expect(named.neverRun).toBeUndefined()
  })
})
