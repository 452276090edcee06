/**
 * Attack class: spelling things the way GitHub and the shell read them, but the gate did not.
 * A command name with shell escapes, a registry host in capitals, an input or variable name
 * written as an expression.
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, PYPI, blocking, both } from './helpers.js'

const job = (steps: string, envBlock = '') => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
${envBlock}    steps:
      - uses: ${GATE}
${steps}`

describe('case and spelling as GitHub reads them', () => {
  it.each([[String.raw`tw\ine upload`], ["tw''ine upload"], ['"twine" upload'], ["'twine' 'upload'"], [String.raw`\twine \upload`], ['"tw"ine upl"oad"']])(
    '`%s` publishes: the job without an environment is blocked (CLI)',
    (cmd) => {
      const text = job(`      - run: |\n          ${cmd} dist/*\n        env:\n          TWINE_PASSWORD: \${{ secrets.PYPI_TOKEN }}\n`)
      const { cli } = both(text, 'publish')
      expect(cli.files[0].targets).toEqual(['publish'])
      expect(blocking(cli)).toContain('missing-environment')
    },
  )

  it('a PyPI upload URL in capitals is still PyPI: the API token is a long-lived credential', () => {
    const text = job(`      - uses: ${PYPI}\n        with:\n          repository-url: https://UPLOAD.PYPI.ORG/legacy/\n          password: \${{ secrets.PYPI_TOKEN }}\n`, '    environment: pypi\n')
    expect(blocking(both(text, 'publish').action)).toContain('use-trusted-publishing')
  })

  it('an input named in capitals is the same input', () => {
    const text = job(`      - uses: ${PYPI}\n        with:\n          PASSWORD: \${{ secrets.PYPI_TOKEN }}\n`, '    environment: pypi\n')
    expect(blocking(both(text, 'publish').action)).toContain('use-trusted-publishing')
  })

  it('an input name written as an expression is that input', () => {
    const text = job(`      - uses: ${PYPI}\n        with:\n          \${{ 'password' }}: \${{ secrets.PYPI_TOKEN }}\n`, '    environment: pypi\n')
    expect(blocking(both(text, 'publish').action)).toContain('use-trusted-publishing')
  })

  it('an environment variable name written as an expression is that variable', () => {
    const text = job(`      - run: twine upload dist/*\n        env:\n          \${{ 'TWINE_PASSWORD' }}: \${{ secrets.PYPI_TOKEN }}\n`, '    environment: pypi\n')
    expect(blocking(both(text, 'publish').action)).toContain('use-trusted-publishing')
    const loader = job(`      - run: twine upload dist/*\n`, "    environment: pypi\n    env:\n      ${{ 'NODE_OPTIONS' }}: --require ./x.js\n")
    expect(blocking(both(loader, 'publish').action)).toContain('poisoned-environment')
  })

  it('near-miss: a quoted argument is not a command', () => {
    const text = job(`      - run: |\n          echo "run 'twine check' first"\n`)
    expect(blocking(both(text, 'publish').cli)).not.toContain('missing-environment')
  })
})
