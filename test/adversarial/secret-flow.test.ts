/**
 * Attack class: a registry token that reaches the publish by a way the gate did not follow —
 * a credentials file written by one step and read by the next, `npm config set`, a Docker
 * step, an action the catalogue does not know.
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, both } from './helpers.js'

const job = (steps: string) => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    steps:
      - uses: ${GATE}
${steps}`

const of = (text: string) => both(text, 'publish').action.findings.filter((f) => f.rule === 'use-trusted-publishing')

describe('secrets followed wherever they flow', () => {
  it('a ~/.pypirc written with the token, read by twine in the next step', () => {
    const fs = of(job("      - run: |\n          cat > ~/.pypirc <<EOF\n          [pypi]\n          username = __token__\n          password = ${{ secrets.PYPI_API_TOKEN }}\n          EOF\n      - run: twine upload dist/*\n"))
    expect(fs.map((f) => [f.severity, f.blocking])).toEqual([['error', true]])
    expect(fs[0].message).toContain('`.pypirc`')
  })

  it('npm config set //registry/:_authToken', () => {
    const fs = of(job('      - run: |\n          npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"\n          npm publish\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n'))
    expect(fs.some((f) => f.blocking && /npm token/.test(f.message))).toBe(true)
  })

  it('a gem credentials file', () => {
    const fs = of(job('      - run: |\n          mkdir -p ~/.gem\n          printf -- "---\\n:rubygems_api_key: ${{ secrets.RUBYGEMS_API_KEY }}\\n" > ~/.gem/credentials\n          chmod 0600 ~/.gem/credentials\n      - run: gem push pkg/*.gem\n'))
    expect(fs.some((f) => f.blocking)).toBe(true)
  })

  it.each([
    ['a Docker step', '      - uses: docker://ghcr.io/octo/uploader@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n        env:\n          TOKEN: ${{ secrets.PYPI_API_TOKEN }}\n'],
    ['an action the catalogue does not know', '      - uses: octo-org/upload-anything@0123456789abcdef0123456789abcdef01234567\n        with:\n          api-token: ${{ secrets.NPM_TOKEN }}\n'],
  ])('a registry token handed to %s is said (at least a warning)', (_what, step) => {
    const fs = of(job(step))
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/which the gate cannot read, is given the registry token/)
  })

  it('near-miss: a Slack token to an unknown action is not a registry token', () => {
    expect(of(job('      - uses: octo-org/notify@0123456789abcdef0123456789abcdef01234567\n        with:\n          token: ${{ secrets.SLACK_BOT_TOKEN }}\n'))).toEqual([])
  })
})
