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

  it("says another repository's called workflow could not be read, as a warning, and where the environment belongs", () => {
    const wf = parseWorkflow(
      'on: release\npermissions: {}\njobs:\n  publish:\n    uses: org/workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567\n    secrets:\n      pypi_token: ${{ secrets.PYPI_TOKEN }}\n',
      'r.yml',
    )
    const f = ofRule(auditWorkflow(wf, { job: 'publish' }), 'missing-environment')[0]
    expect(f.fix).toMatch(/a calling job cannot declare one/)
    expect(f.severity).toBe('warning')
    expect(f.message).toMatch(/not checked/)
  })

  it('does not call another publishing job with an environment one that "does not publish"', () => {
    const wf = parseWorkflow(
      [
        'on:\n  push:\n    tags: [v*]\npermissions: {}\njobs:',
        '  pypi:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0',
        '  release:\n    needs: [pypi]\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: gh release create "$GITHUB_REF_NAME" dist/*',
        '',
      ].join('\n'),
      'release.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'missing-environment')
    expect(fs.map((f) => f.job)).toEqual(['release'])
    expect(fs[0].message).not.toContain('does not publish')
  })

  it('says nothing when no job publishes', () => {
    const wf = parseWorkflow('on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n', 'ci.yml')
    expect(ofRule(auditWorkflow(wf), 'missing-environment')).toEqual([])
  })
})
