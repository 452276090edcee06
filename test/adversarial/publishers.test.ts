/**
 * Attack class: a publisher the gate does not know. A job that publishes with a tool outside
 * the catalogue is not a publishing job to the gate: no environment asked for, no token
 * questioned. Each tool here is catalogue data now.
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, blocking, both } from './helpers.js'

const job = (steps: string) => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: ${GATE}
${steps}`

describe('publishers, all of them', () => {
  it.each([
    ['release-it', '      - run: npx release-it --ci\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n'],
    ['np', '      - run: npx np --yolo --no-2fa\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n'],
    ['covector', '      - run: npx covector publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n'],
    ['choco push', '      - run: choco push dist/tool.1.0.0.nupkg --source https://push.chocolatey.org/ --api-key "$KEY"\n        env:\n          KEY: ${{ secrets.CHOCO_KEY }}\n'],
  ])('%s publishes: the job needs an environment (CLI)', (_tool, steps) => {
    const { cli } = both(job(steps), 'release')
    expect(cli.files[0].targets).toEqual(['release'])
    expect(blocking(cli)).toContain('missing-environment')
  })

  it.each([
    ['MATURIN_PYPI_TOKEN', '      - run: maturin publish --skip-existing\n        env:\n          MATURIN_PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n'],
    ['MATURIN_PASSWORD', '      - run: maturin upload dist/*\n        env:\n          MATURIN_USERNAME: __token__\n          MATURIN_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n'],
    ['UV_PUBLISH_TOKEN in lower case on Windows', '      - run: uv publish\n        shell: pwsh\n        env:\n          uv_publish_token: ${{ secrets.PYPI_TOKEN }}\n'],
  ])('%s is a long-lived PyPI credential', (_what, steps) => {
    const text = job(steps).replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    environment: pypi\n')
    expect(blocking(both(text, 'release').action)).toContain('use-trusted-publishing')
  })

  it('near-miss: numpy imported as np is not the np publisher', () => {
    const { cli } = both(job('      - run: python -c "import numpy as np; print(np.__version__)"\n'), 'release')
    expect(blocking(cli)).not.toContain('missing-environment')
  })

  it('uv publish after export UV_PUBLISH_TOKEN from a secret', () => {
    const text = job('      - run: |\n          export UV_PUBLISH_TOKEN=${{ secrets.PYPI_TOKEN }}\n          uv publish\n').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    environment: pypi\n')
    expect(blocking(both(text, 'release').action)).toContain('use-trusted-publishing')
  })

  const docker = (registry: string) =>
    job(
      `      - uses: docker/login-action@184bdaa0721073962dff0199f1fb9940f07167d1 # v3.5.0\n        with:\n${registry ? `          registry: ${registry}\n` : ''}          username: deploy\n          password: \${{ secrets.REGISTRY_PASSWORD }}\n      - run: docker push ${registry || 'docker.io'}/octo/app:\${{ github.ref_name }}\n`,
    ).replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    environment: images\n')

  it.each([['123456789012.dkr.ecr.eu-west-1.amazonaws.com'], ['europe-docker.pkg.dev'], ['octo.azurecr.io']])('docker login to %s with a stored password: error (it offers OIDC federation)', (registry) => {
    const fs = both(docker(registry), 'release').action.findings.filter((f) => f.rule === 'use-trusted-publishing')
    expect(fs.map((f) => [f.severity, f.blocking])).toEqual([['error', true]])
  })

  it('docker login to Docker Hub with a stored password: a warning', () => {
    const fs = both(docker(''), 'release').action.findings.filter((f) => f.rule === 'use-trusted-publishing')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
  })
})
