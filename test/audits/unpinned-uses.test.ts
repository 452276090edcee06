import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

const POS = 'workflows/unpinned-uses/positive.yml'
const NEAR = 'workflows/unpinned-uses/near-miss.yml'

describe('unpinned-uses', () => {
  it('flags tag- and branch-pinned actions in the publish job at their uses: value', () => {
    const fs = ofRule(audit(POS, { job: 'build-and-publish' }), 'unpinned-uses')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(POS))
    expect(fs.map((f) => f.column)).toEqual([13, 13, 13])
    expect(fs[0].message).toContain('actions/checkout@v4')
    expect(fs[0].message).toContain('a tag')
    expect(fs[2].message).toContain('a branch')
    expect(fs[0].fix).toContain('actions/checkout@<40-hex SHA> # v4')
    expect(fs[0].docs).toMatch(/\/unpinned-uses\.md$/)
    expect(fs[0]).toMatchObject({ severity: 'error', blocking: true, job: 'build-and-publish', step: { index: 1, name: 'Checkout' } })
  })

  it('allows full SHA pins with version comments and local actions', () => {
    expect(ofRule(audit(NEAR), 'unpinned-uses')).toEqual([])
  })

  it('flags a reusable workflow called by tag at the job-level uses:', () => {
    const wf = parseWorkflow(
      [
        'on: push',
        'permissions: {}',
        'jobs:',
        '  provenance:',
        '    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0',
        '    permissions:',
        '      id-token: write',
        '',
      ].join('\n'),
      'release.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'unpinned-uses')
    expect(fs).toHaveLength(1)
    expect(fs[0]).toMatchObject({ line: 5, column: 11, job: 'provenance' })
    expect(fs[0].step).toBeUndefined()
  })

  it.each([
    ['actions/checkout@de0fac2', 'a short SHA'],
    ['actions/checkout@${{ inputs.ref }}', 'an expression'],
    ['actions/checkout@main', 'a branch'],
    ['actions/checkout@DE0FAC2E4500DABE0009E67214FF5F5447CE83DD', null],
  ])('%s -> %s', (uses, words) => {
    const wf = parseWorkflow(`on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: "${uses}"\n`, 'p.yml')
    const fs = ofRule(auditWorkflow(wf), 'unpinned-uses')
    if (words === null) expect(fs).toEqual([])
    else expect(fs[0].message).toContain(words)
  })

  it('reports invalid references as unpinnable', () => {
    const wf = parseWorkflow('on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: "аctions/checkout@v4"\n', 'p.yml')
    const fs = ofRule(auditWorkflow(wf), 'unpinned-uses')
    expect(fs[0].message).toMatch(/not a valid action reference: contains the character U\+0430/)
  })

  it('follows YAML aliases to the step they define', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - &co\n        uses: actions/checkout@v4\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - *co\n',
      'p.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'unpinned-uses')
    expect(fs.map((f) => [f.job, f.line])).toEqual([
      ['a', 7],
      ['b', 7],
    ])
  })

  it('judges only the jobs in scope', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n',
      'p.yml',
    )
    expect(ofRule(auditWorkflow(wf, { job: 'publish' }), 'unpinned-uses')).toEqual([])
    expect(ofRule(auditWorkflow(wf, { job: 'lint' }), 'unpinned-uses')).toHaveLength(1)
  })
})
