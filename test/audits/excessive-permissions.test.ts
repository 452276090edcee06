import { describe, expect, it } from '@jest/globals'
import { audit, auditRepoFixture, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { options, readFixture } from '../helpers/audit.js'

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

describe('excessive-permissions: local reusable workflows cap what their callers pass on', () => {
  const DIR = 'workflows/excessive-permissions/called'
  const W = '.github/workflows'
  const top = (fs: ReturnType<typeof ofRule>) => fs.filter((f) => f.line === 1)

  it('does not say a call gets the default token when the called workflow sets its own permissions (vue release.yml › test.yml)', () => {
    // test.yml has a top-level block; every job of lint.yml that can run has its own
    const fs = top(ofRule(auditRepoFixture(DIR, `${W}/release.yml`, [`${W}/test.yml`, `${W}/lint.yml`], { job: 'release' }), 'excessive-permissions'))
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toBe(
      'the workflow has no top-level `permissions:`; every job declares its own, or calls a workflow that sets its own (`test` › `./.github/workflows/test.yml`, `lint` › `./.github/workflows/lint.yml`), so none gets the default token today, but a job added later would',
    )
  })

  it('still blocks when a job of the called workflow has no block and the called file none at the top', () => {
    const fs = top(ofRule(auditRepoFixture(DIR, `${W}/release-open.yml`, [`${W}/test-open.yml`, `${W}/lint.yml`], { job: 'release' }), 'excessive-permissions'))
    expect(fs.map((f) => f.severity)).toEqual(['error'])
    expect(fs[0].message).toMatch(/job `test` has no block of its own, so it gets the repository's default token/)
  })

  it('still blocks when the called workflow could not be read (it runs with what its caller passes on)', () => {
    const fs = top(ofRule(auditRepoFixture(DIR, `${W}/release.yml`, [`${W}/lint.yml`], { job: 'release' }), 'excessive-permissions'))
    expect(fs.map((f) => f.severity)).toEqual(['error'])
    expect(fs[0].message).toMatch(/job `test` has no block of its own/)
  })

  it("reads a called job's grant from its workflow's top level: an unused id-token there is flagged", () => {
    const local = new Map([[`${W}/test.yml`, parseWorkflow(readFixture(`${DIR}/${W}/test.yml`).replace('  contents: read # to fetch code (actions/checkout)', '  contents: read\n  id-token: write'), `${W}/test.yml`)]])
    const wf = parseWorkflow(readFixture(`${DIR}/${W}/release.yml`).replace(/\n {2}lint:\n {4}uses: \S+\n/, '\n').replace('[test, lint]', '[test]'), `${W}/release.yml`)
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local, jobId: 'release' }, opts)], [], opts)
    const fs = ofRule(r, 'excessive-permissions').filter((f) => f.file === `${W}/test.yml`)
    expect(fs.map((f) => [f.line, f.severity])).toEqual([[7, 'error']])
    expect(fs[0].message).toMatch(/^job `unit-test` holds `id-token: write` but neither publishes nor signs/)
  })
})
