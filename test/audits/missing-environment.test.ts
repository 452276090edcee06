import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('missing-environment', () => {
  it('flags the publishing job and says where the environment is instead', () => {
    const P = 'workflows/missing-environment/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'missing-environment')
    expect(fs).toHaveLength(1)
    expect(fs[0].line).toBe(notOkLines(P)[0])
    expect(fs[0].message).toContain('publishing job `publish` has no `environment:`')
    expect(fs[0].message).toContain('The environment `publish` is on job `build`, which does not publish')
    expect(fs[0].fix).toMatch(/required reviewers/)
  })

  it('accepts an environment on the publishing job', () => {
    expect(ofRule(audit('workflows/missing-environment/near-miss.yml', { job: 'publish' }), 'missing-environment')).toEqual([])
  })

  it('explains that a reusable-workflow call cannot carry the environment', () => {
    const wf = parseWorkflow(
      'on: release\npermissions: {}\njobs:\n  publish:\n    uses: org/workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567\n    secrets:\n      pypi_token: ${{ secrets.PYPI_TOKEN }}\n',
      'r.yml',
    )
    const f = ofRule(auditWorkflow(wf, { job: 'publish' }), 'missing-environment')[0]
    expect(f.fix).toMatch(/cannot declare `environment:`/)
  })

  it('says nothing when no job publishes', () => {
    const wf = parseWorkflow('on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n', 'ci.yml')
    expect(ofRule(auditWorkflow(wf), 'missing-environment')).toEqual([])
  })
})
