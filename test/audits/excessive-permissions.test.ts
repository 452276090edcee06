import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

const POS = 'workflows/excessive-permissions/positive.yml'

describe('excessive-permissions', () => {
  it('flags a top-level write scope, an unused id-token in the build and an unused contents: write in the publish job', () => {
    const fs = ofRule(audit(POS, { job: 'publish' }), 'excessive-permissions')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(POS))
    expect(fs.map((f) => f.message)).toEqual([
      'top-level `permissions:` grants `packages: write` to every job without its own block (`notify`)',
      'job `build` holds `id-token: write` but neither publishes nor signs: any step in it can mint an OIDC token that trusted publishing accepts for this repository',
      'publishing job `publish` holds `contents: write`, which none of its steps uses',
    ])
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('accepts scopes the steps use: gh release, trusted publishing, attestation', () => {
    expect(ofRule(audit('workflows/excessive-permissions/near-miss.yml', { job: 'publish' }), 'excessive-permissions')).toEqual([])
  })

  it.each([
    ['', /no top-level `permissions:`/],
    ['permissions: write-all\n', /`permissions: write-all` gives every job write access/],
    ['permissions: read-all\n', /`permissions: read-all`/],
  ])('judges the top level %j', (top, re) => {
    const wf = parseWorkflow(`on: release\n${top}jobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: twine upload dist/*\n`, 'r.yml')
    expect(ofRule(auditWorkflow(wf), 'excessive-permissions')[0].message).toMatch(re)
  })

  it('reports a release bot\'s write scopes as a warning with the reason', () => {
    const r = audit('corpus/workflows/sigstore__sigstore-js__release.yml', { job: 'release' })
    const fs = ofRule(r, 'excessive-permissions')
    expect(fs.length).toBeGreaterThan(0)
    expect(fs.every((f) => f.severity === 'warning' && /changesets, which opens release pull requests/.test(f.message))).toBe(true)
  })

  it('reports contents: write without a release step in a real workflow (pydantic)', () => {
    const fs = ofRule(audit('corpus/workflows/pydantic__pydantic__ci.yml', { job: 'release-pydantic' }), 'excessive-permissions')
    expect(fs.map((f) => f.message)).toContain('publishing job `release-pydantic` holds `contents: write`, which none of its steps uses')
  })

  it('treats an unused attestations: write as a warning', () => {
    const fs = ofRule(audit('corpus/workflows/pyca__cryptography__pypi-publish__2762014e.yml', { job: 'publish' }), 'excessive-permissions')
    expect(fs.map((f) => [f.severity, f.message])).toEqual([['warning', 'publishing job `publish` holds `attestations: write`, which none of its steps uses']])
  })
})
