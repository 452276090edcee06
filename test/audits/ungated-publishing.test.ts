import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { gatedJobs } from '../../src/audits/ungated-publishing.js'

describe('ungated-publishing', () => {
  const P = 'workflows/ungated-publishing/positive.yml'

  it('blocks a publishing sibling of the gate\'s job and a publish downstream under always()', () => {
    const fs = ofRule(audit(P, { job: 'pypi' }), 'ungated-publishing')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.map((f) => f.job)).toEqual(['npm', 'github-release'])
    expect(fs[0].message).toBe("job `npm` publishes (`npm publish`) without waiting for release-gate's job `pypi`: it runs whatever the gate decides")
    expect(fs[1].message).toContain('with `if: always()`: it also runs when release-gate\'s job `pypi` failed')
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('applies to the job running the gate only, not to the CLI choosing publishing jobs', () => {
    expect(ofRule(audit(P), 'ungated-publishing')).toEqual([])
  })

  it('accepts jobs that wait for the gate, run it themselves, or require its success', () => {
    expect(ofRule(audit('workflows/ungated-publishing/near-miss.yml', { job: 'pypi' }), 'ungated-publishing')).toEqual([])
  })

  it('follows needs transitively and iteratively: a 5,000-job chain', () => {
    const n = 5000
    const jobs = ['  gate:\n    runs-on: ubuntu-latest\n    environment: x\n    steps:\n      - uses: octo-org/release-gate@6b3083bc1b9d8b1c8bbb2a4e3c5a1f0d2b7e9a41\n']
    for (let i = 0; i < n; i++) jobs.push(`  j${i}:\n    needs: ${i === 0 ? 'gate' : `j${i - 1}`}\n${i === 2500 ? '    if: always()\n' : ''}    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`)
    jobs.push(`  publish:\n    needs: j${n - 1}\n    runs-on: ubuntu-latest\n    environment: x\n    steps:\n      - run: twine upload dist/*\n`)
    const wf = parseWorkflow(`on: push\npermissions: {}\njobs:\n${jobs.join('')}`, 'chain.yml')
    const g = gatedJobs(wf, wf.jobs[0])
    expect(g.has('j2499')).toBe(true)
    expect(g.has('j2500')).toBe(false)
    expect(g.has('publish')).toBe(false)
    const fs = ofRule(auditWorkflow(wf, { job: 'gate' }), 'ungated-publishing')
    expect(fs.map((f) => f.job)).toEqual(['publish'])
  })
})
