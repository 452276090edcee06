/**
 * Attack class: an environment that is written but empty. GitHub runs the job with no
 * deployment environment — no reviewers, no branch rule — while the file seems to name one.
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, PYPI, blocking, both } from './helpers.js'

const wf = (env: string, on = 'release:\n    types: [published]\n', strategy = '') => `name: Release
on:
  ${on}permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
${env}${strategy}    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${PYPI}
`

const ATTACKS: Array<[string, string, string?, string?]> = [
  ["environment: ''", "    environment: ''\n"],
  ["environment: { name: '' }", "    environment:\n      name: ''\n      url: https://pypi.org/p/demo\n"],
  ['a repository variable that may be unset', '    environment: ${{ vars.RELEASE_ENVIRONMENT }}\n'],
  ['a release name that may be empty', '    environment:\n      name: ${{ github.event.release.name }}\n'],
  ['a free-text input', '    environment: ${{ inputs.target }}\n', 'workflow_dispatch:\n    inputs:\n      target:\n        type: string\n        default: pypi\n'],
  ['a condition with no fallback', "    environment: ${{ github.event_name == 'release' && 'pypi' }}\n"],
  ['a matrix whose include adds a combination without it', '    environment: ${{ matrix.env }}\n', undefined, "    strategy:\n      matrix:\n        env: [pypi]\n        python: ['3.12']\n        include:\n          - python: '3.13'\n"],
]

describe('empty is missing', () => {
  it.each(ATTACKS.map(([what, env, on, strategy]) => [what, { env, on, strategy }] as const))('%s: no environment', (_what, { env, on, strategy }) => {
    const { action, cli } = both(wf(env, on, strategy), 'publish')
    expect(blocking(action)).toContain('missing-environment')
    expect(blocking(cli)).toContain('missing-environment')
  })

  it.each(([
    ['a name', '    environment: pypi\n'],
    ['an expression with a literal fallback', "    environment: ${{ github.event.release.prerelease && 'testpypi' || 'pypi' }}\n"],
    ['text around an expression', '    environment: pypi-${{ github.event.release.tag_name }}\n'],
    ['an environment input', '    environment: ${{ inputs.target }}\n', 'workflow_dispatch:\n    inputs:\n      target:\n        type: environment\n'],
    ['a choice input', '    environment: ${{ inputs.target }}\n', 'workflow_dispatch:\n    inputs:\n      target:\n        type: choice\n        options: [pypi, testpypi]\n'],
    ['a matrix of names', '    environment: ${{ matrix.env }}\n', undefined, '    strategy:\n      matrix:\n        env: [pypi, testpypi]\n'],
  ] as Array<[string, string, string?, string?]>).map(([what, env, on, strategy]) => [what, { env, on, strategy }] as const))('near-miss: %s is an environment', (_what, { env, on, strategy }) => {
    expect(blocking(both(wf(env, on, strategy), 'publish').action)).not.toContain('missing-environment')
  })
})
