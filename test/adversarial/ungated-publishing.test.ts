/**
 * Attack class: publishing around the gate. The gate guards one job; another job of the same
 * workflow publishes beside it or after it failed. GitHub's parser accepts every workflow.
 */
import { describe, expect, it } from '@jest/globals'
import { CHECKOUT, GATE, PYPI, blocking, both } from './helpers.js'

const wf = (others: string) => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  gate:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${PYPI}
${others}`

const ATTACKS: Array<[string, string]> = [
  ['a sibling runs twine with a token', `  twine:\n    runs-on: ubuntu-latest\n    environment: pypi\n    steps:\n      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: \${{ secrets.PYPI_TOKEN }}\n`],
  ['downstream with always()', `  npm:\n    needs: gate\n    if: always()\n    runs-on: ubuntu-latest\n    environment: npm\n    permissions:\n      id-token: write\n    steps:\n      - run: npm publish --provenance\n`],
  ['downstream with !cancelled()', `  npm:\n    needs: [gate]\n    if: \${{ !cancelled() }}\n    runs-on: ubuntu-latest\n    environment: npm\n    steps:\n      - run: npm publish\n`],
  ['downstream with success() || failure()', `  gem:\n    needs: [gate]\n    if: success() || failure()\n    runs-on: ubuntu-latest\n    environment: rubygems\n    steps:\n      - uses: rubygems/release-gem@a25424ba2ba8b387abc8ef40807c2c85b96cbe32 # v1.1.1\n`],
  ['always() with a condition that is not the gate\'s result', `  npm:\n    needs: [gate]\n    if: always() && needs.gate.result != 'cancelled'\n    runs-on: ubuntu-latest\n    environment: npm\n    steps:\n      - run: npm publish\n`],
  ['through a middle job that runs after failure', `  notes:\n    needs: [gate]\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo notes\n  release:\n    needs: [notes]\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: gh release create "$GITHUB_REF_NAME" dist/*\n        env:\n          GH_TOKEN: \${{ github.token }}\n`],
  ['needs the gate through an || that hides it', `  npm:\n    needs: [gate]\n    if: always() && (needs.gate.result == 'success' || github.ref_type == 'tag')\n    runs-on: ubuntu-latest\n    environment: npm\n    steps:\n      - run: npm publish\n`],
]

describe('every publishing job waits for the gate', () => {
  it.each(ATTACKS.map(([what, text]) => [what, { text }] as const))('%s: blocked', (_what, { text }) => {
    const { action } = both(wf(text), 'gate')
    expect(action.verdict).toBe('fail')
    expect(blocking(action)).toContain('ungated-publishing')
  })

  it('a downstream job that requires the gate\'s success, and one that runs the gate itself, are clean', () => {
    const text = wf(
      `  npm:\n    needs: [gate]\n    if: always() && needs.gate.result == 'success'\n    runs-on: ubuntu-latest\n    environment: npm\n    steps:\n      - run: npm publish\n  gem:\n    runs-on: ubuntu-latest\n    environment: rubygems\n    steps:\n      - uses: ${GATE}\n      - run: gem push pkg/*.gem\n`,
    )
    expect(blocking(both(text, 'gate').action)).not.toContain('ungated-publishing')
  })
})

describe('a sibling job that can publish through a script the gate cannot read', () => {
  it('holds id-token: write and runs ./scripts/publish.sh without waiting for the gate: a warning naming it', () => {
    const mirror = `  mirror:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${CHECKOUT}\n        with:\n          persist-credentials: false\n      - run: ./scripts/publish.sh\n`
    const fs = both(wf(mirror), 'gate').action.findings.filter((f) => f.rule === 'ungated-publishing')
    expect(fs.map((f) => [f.job, f.severity])).toEqual([['mirror', 'warning']])
    expect(fs[0].message).toMatch(/runs `\.\/scripts\/publish\.sh`/)
  })
})
