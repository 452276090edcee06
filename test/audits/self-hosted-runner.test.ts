import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('self-hosted-runner', () => {
  it('flags self-hosted labels and a matrix leg that is not a GitHub-hosted image', () => {
    const P = 'workflows/self-hosted-runner/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'self-hosted-runner')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe('job `build` runs on a self-hosted runner (`self-hosted`, `linux`, `ARM64`)')
    expect(fs[1].message).toBe("job `publish` runs on `arm-builders`, which is not a label of GitHub's hosted runners (standard or larger): a self-hosted runner")
  })

  it('expands a matrix whose every leg is GitHub-hosted', () => {
    expect(ofRule(audit('workflows/self-hosted-runner/near-miss.yml', { job: 'publish' }), 'self-hosted-runner')).toEqual([])
  })

  it.each([
    ['{ group: release-runners }', /runner group `release-runners`/],
    ['${{ inputs.runner }}', /cannot be decided before the run/],
    ['[self-hosted]', /self-hosted runner/],
  ])('runs-on: %s', (runsOn, re) => {
    const wf = parseWorkflow(`on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ${runsOn}\n    environment: x\n    steps:\n      - run: twine upload dist/*\n`, 'r.yml')
    expect(ofRule(auditWorkflow(wf), 'self-hosted-runner')[0].message).toMatch(re)
  })

  it('believes the runner at run time: self-hosted is certain, github-hosted clears an unknown label', () => {
    const wf = parseWorkflow('on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest-16-cores\n    environment: x\n    steps:\n      - run: twine upload dist/*\n', 'r.yml')
    expect(ofRule(auditWorkflow(wf, { job: 'p', runtime: { runnerEnvironment: 'github-hosted' } }), 'self-hosted-runner')).toEqual([])
    const hosted = parseWorkflow('on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    environment: x\n    steps:\n      - run: twine upload dist/*\n', 'r.yml')
    const f = ofRule(auditWorkflow(hosted, { job: 'p', runtime: { runnerEnvironment: 'self-hosted' } }), 'self-hosted-runner')
    expect(f[0].message).toMatch(/RUNNER_ENVIRONMENT=self-hosted/)
  })
})
