/**
 * Attack class: a publisher the gate does not know. A job that publishes with a tool outside
 * the catalogue is not a publishing job to the gate: no environment asked for, no token
 * questioned. Each tool here is catalogue data now.
 */
import { describe, expect, it } from '@jest/globals'
import { CHECKOUT, GATE, RUNNER, blocking, both } from './helpers.js'
import { parseManifest } from '../../src/workflow/scripts.js'
import type { PackageFiles } from '../../src/workflow/scripts.js'

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

/**
 * npm trusted publishing needs no token: `id-token: write` on the job, or the `.npmrc` that
 * `actions/setup-node` writes for `registry-url`, is all a release script needs. A script named
 * for publishing whose body the gate cannot read (it runs a file of the repository's), run in
 * such a job, is read as publishing, as it is with a registry token in its environment (vuejs/core,
 * remix-run/react-router, oxc, prometheus).
 */
describe('npm trusted publishing through a repository script', () => {
  const SETUP_NODE = 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0'
  const oidc = (run: string, opts: { idToken?: boolean; registryUrl?: boolean; env?: string } = {}) => `name: Release
on:
  push:
    tags: ['v*']
permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
${opts.idToken === false ? '' : '      id-token: write\n'}${opts.env ?? ''}    steps:
      - uses: ${GATE}
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${SETUP_NODE}
        with:
          node-version: 22
${opts.registryUrl === false ? '' : '          registry-url: https://registry.npmjs.org\n'}      - run: pnpm install --frozen-lockfile
      - run: ${run}
`
  const pkg = (scripts: Record<string, string>): PackageFiles => new Map([['', parseManifest(JSON.stringify({ name: 'monorepo', private: true, scripts }), 'package.json')]])
  const VUE = pkg({ build: 'node scripts/build.js', release: 'node scripts/release.js', 'release:notes': 'conventional-changelog -p angular -i CHANGELOG.md -s' })
  const ROUTER = pkg({ build: 'pnpm run --filter="./packages/*" build', 'changes:publish': 'node ./scripts/changes/publish.ts', 'experimental:publish': 'node ./scripts/publish.ts --experimental' })

  it.each([
    ['`pnpm release --publishOnly` → node scripts/release.js, id-token and registry-url', 'pnpm release --publishOnly', VUE, {}],
    ['the same with only `id-token: write`', 'pnpm release --publishOnly', VUE, { registryUrl: false }],
    ['the same with only setup-node `registry-url`', 'pnpm release --publishOnly', VUE, { idToken: false }],
    ['`pnpm changes:publish` → node ./scripts/changes/publish.ts', 'pnpm changes:publish --branch=main', ROUTER, {}],
    ['`pnpm run experimental:publish`', 'pnpm run experimental:publish', ROUTER, { registryUrl: false }],
    ['`npm run release` with no package.json read', 'npm run release', undefined, { registryUrl: false }],
  ])('%s: publishing (action and CLI)', (_what, run, p, opts) => {
    const { action, cli } = both(oidc(run, opts), 'release', RUNNER, p)
    for (const r of [action, cli]) {
      expect(r.files[0].targets).toEqual(['release'])
      expect(blocking(r)).toContain('missing-environment')
    }
    expect(cli.findings.find((f) => f.rule === 'missing-environment')!.message).toMatch(/in a job that (?:holds `id-token: write`|sets up npm with `registry-url: https:\/\/registry\.npmjs\.org`) \(.*read as publishing\)/)
  })

  it.each([
    ['`pnpm napi pre-publish -t npm` (napi-rs publishes each platform package)', 'pnpm napi pre-publish --no-gh-release -t npm --package-json-path napi/parser/package.json'],
    ['`npx napi prepublish -t npm`', 'npx napi prepublish -t npm'],
  ])('%s publishes to npm', (_what, run) => {
    const { cli } = both(oidc(run), 'release')
    expect(cli.files[0].targets).toEqual(['release'])
    expect(cli.findings.find((f) => f.rule === 'missing-environment')!.message).not.toMatch(/read as publishing/)
  })

  it.each([
    ['`./scripts/ui_release.sh --publish` with setup-node `registry-url`', './scripts/ui_release.sh --publish', { idToken: false }],
    ['`bash .github/scripts/publish-if-needed.sh pkg $PUBLISH_FLAGS` with id-token and --provenance in env', 'bash .github/scripts/publish-if-needed.sh napi/parser ${PUBLISH_FLAGS}', { registryUrl: false, env: '    env:\n      PUBLISH_FLAGS: "--provenance --access public --no-git-checks"\n' }],
  ])('a file of the repository named for publishing: %s', (_what, run, opts) => {
    const { cli } = both(oidc(run, opts), 'release')
    expect(cli.files[0].targets).toEqual(['release'])
    expect(cli.findings.find((f) => f.rule === 'missing-environment')!.message).toMatch(/a file of the repository's, which the gate does not read: read as publishing/)
  })

  describe('near-misses stay non-publishing', () => {
    it.each([
      ['npm run build (a repository file, not named for publishing)', 'npm run build', VUE, {}],
      ['npm run release:notes, whose body is conventional-changelog', 'npm run release:notes', VUE, {}],
      ['npm run release with neither id-token nor registry-url nor a token', 'npm run release', VUE, { idToken: false, registryUrl: false }],
      ['pnpm napi pre-publish --dry-run', 'pnpm napi pre-publish -t npm --dry-run', undefined, {}],
      ['a repository file not named for publishing', './scripts/build.sh --prod', undefined, { idToken: false }],
      ['a release file with only id-token, no --provenance and no registry-url', './scripts/release.sh', undefined, { registryUrl: false }],
    ])('%s', (_what, run, p, opts) => {
      const { cli } = both(oidc(run, opts), 'release', RUNNER, p)
      expect(cli.files[0].scope).toBe('no job publishes: every job')
    })
  })
})

/**
 * A dry-run flag is a rehearsal only when it is on: `--dry-run "$DRY_RUN"` with DRY_RUN=false
 * (renovate's release job) publishes for real.
 */
describe('a dry-run flag given a value that can be false publishes', () => {
  const sr = (run: string, dispatch = '') => `name: Build
on:
  push:
    branches: [main]
${dispatch}permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: echo "DRY_RUN=false" >> "$GITHUB_ENV"
      - run: ${run}
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`
  const DISPATCH = "  workflow_dispatch:\n    inputs:\n      dry:\n        type: boolean\n        default: true\n"
  it.each([
    ['--dry-run "$DRY_RUN"', 'pnpm semantic-release --dry-run "$DRY_RUN"', ''],
    ['--dry-run=$DRY_RUN', 'npx semantic-release --dry-run=$DRY_RUN', ''],
    ['--dry-run ${{ inputs.dry }}', 'npx semantic-release --dry-run ${{ inputs.dry }}', DISPATCH],
    ['--dry-run false', 'npx semantic-release --dry-run false', ''],
    ['--dry-run=false', 'npm publish --dry-run=false --provenance', ''],
    ['a dry run of one command, then the real one', 'npm publish --dry-run && npm publish --provenance', ''],
    ['`-n` of poetry (--no-interaction)', 'poetry publish -n --build', ''],
  ])('%s publishes', (_what, run, dispatch) => {
    const { action, cli } = both(sr(run, dispatch), 'release')
    expect(cli.files[0].targets).toEqual(['release'])
    for (const r of [action, cli]) expect(blocking(r)).toContain('missing-environment')
  })

  it('`-n` of gh release create (--notes) is no dry run: the release is published', () => {
    const { cli } = both(sr('gh release create v1.2.3 -n "Release notes" dist/*'), 'release')
    const step = cli.findings.find((f) => f.rule === 'missing-environment')
    expect(step?.message).toMatch(/It only creates or edits a GitHub Release/)
  })

  it.each([
    ['bare --dry-run', 'npx semantic-release --dry-run'],
    ['--dry-run=true', 'npx semantic-release --dry-run=true'],
    ['--dry-run true', 'npx semantic-release --dry-run true'],
    ['--dry-run followed by another flag', 'npm publish --dry-run --provenance'],
    ['--dry-run followed by a path', 'npm publish --dry-run ./packages/core'],
    ["cargo's -n", 'cargo publish -n -p acme-core'],
  ])('near-miss: %s is a rehearsal', (_what, run) => {
    const { cli } = both(sr(run), 'release')
    expect(cli.files[0].scope).toBe('no job publishes: every job')
  })
})
