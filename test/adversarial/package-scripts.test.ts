/**
 * Attack class: publishing through a package script. `npm run release` with an npm token is as
 * much a publish as `npm publish`, but what it runs is written in package.json, not in the
 * workflow. The gate reads the repository's package.json (the loaders read it before the audit:
 * through the API inside a job, from the checkout in the CLI) and follows the script to the
 * publisher; when package.json cannot settle it, a script named release or publish run with a
 * registry token is read as publishing. Every workflow here is accepted by GitHub's parser.
 */
import { describe, expect, it } from '@jest/globals'
import { CHECKOUT, GATE, blocking, both } from './helpers.js'
import { RUNNER } from './helpers.js'
import { parseManifest } from '../../src/workflow/scripts.js'
import type { PackageFiles } from '../../src/workflow/scripts.js'

const SETUP_NODE = 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0'

const release = (run: string, env = "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n", jobExtra = '') => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  release:
    runs-on: ubuntu-latest
${jobExtra}    steps:
      - uses: ${GATE}
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${SETUP_NODE}
        with:
          node-version: 22
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: ${run}
${env ? `        env:\n${env}` : ''}`

/** package.json files as the loaders hand them over. */
function pkgs(scripts: Record<string, unknown>, extra: Record<string, Record<string, unknown> | null> = {}): PackageFiles {
  const m: PackageFiles = new Map([['', parseManifest(JSON.stringify({ name: 'demo', version: '1.0.0', scripts }), 'package.json')]])
  for (const [dir, s] of Object.entries(extra)) m.set(dir, s === null ? null : parseManifest(JSON.stringify({ name: dir, scripts: s }), `${dir}/package.json`))
  return m
}

const CHANGESETS = { build: 'tsc -p .', release: 'pnpm build && changeset publish', 'release:notes': 'conventional-changelog -p angular -i CHANGELOG.md -s' }

describe('package scripts that publish', () => {
  it('`npm run release` that runs `changeset publish`, with no environment: blocked like `npm publish` (action and CLI)', () => {
    const { action, cli } = both(release('npm run release'), 'release', RUNNER, pkgs(CHANGESETS))
    for (const r of [action, cli]) {
      expect(r.files[0].targets).toEqual(['release'])
      expect(blocking(r)).toEqual(expect.arrayContaining(['missing-environment', 'use-trusted-publishing']))
    }
    const f = action.findings.find((x) => x.rule === 'missing-environment')!
    expect(f.message).toContain('`npm run release` runs `changeset publish` (package.json scripts.release)')
    // the same job with `npm publish` in the workflow is blocked by the same rules
    expect(blocking(both(release('npm publish'), 'release').action)).toEqual(blocking(action))
  })

  it('follows `npm run a` → scripts.a → `yarn b` → scripts.b to the publisher, and names the chain', () => {
    const p = pkgs({ release: 'npm run build && npm run ship', ship: 'yarn publish:all', 'publish:all': 'lerna publish from-package --yes', build: 'tsc' })
    const { action } = both(release('npm run release'), 'release', RUNNER, p)
    expect(blocking(action)).toContain('missing-environment')
    expect(action.findings.find((x) => x.rule === 'missing-environment')!.message).toContain(
      '`npm run release` runs `lerna publish from-package --yes` (package.json scripts.release → scripts.ship → scripts.publish:all)',
    )
  })

  it.each([
    ['yarn release', 'yarn release', { release: 'semantic-release' }],
    ['pnpm release', 'pnpm release', { release: 'release-it --ci' }],
    ['bun run publish', 'bun run publish', { publish: 'np --yolo' }],
    ['pnpm -r publish behind a script', 'pnpm run release', { release: 'pnpm -r publish --access public' }],
    ['yarn npm publish behind a script', 'yarn run release', { release: 'yarn npm publish' }],
    ['npm-run-all over a glob', 'npm run release', { release: 'run-s build publish:*', build: 'tsc', 'publish:npm': 'npm publish' }],
    ['a postrelease hook', 'npm run release', { release: 'node scripts/notes.js', postrelease: 'npm publish' }],
    ['a script in the working directory', 'npm run release', {}],
    ['a script in a subshell after cd', '(cd packages/cli && npm run release)', {}],
    ['a script run with --prefix', 'npm --prefix ./packages/cli run release', {}],
    ['a script under if', 'if npm run release; then echo published; fi', { release: 'changeset publish' }],
    ['a script under sudo -E, quoted', 'sudo -E npm run "rel"ease', { release: 'changeset publish' }],
  ])('%s publishes to npm', (what, run, scripts) => {
    const inDir = what === 'a script in the working directory' || /packages\/cli/.test(run)
    const text = what === 'a script in the working directory' ? release(run).replace(`      - run: ${run}\n`, `      - run: ${run}\n        working-directory: packages/cli\n`) : release(run)
    const p = inDir ? pkgs({}, { 'packages/cli': { release: 'changeset publish' } }) : pkgs(scripts)
    const { action, cli } = both(text, 'release', RUNNER, p)
    expect(blocking(action)).toContain('missing-environment')
    expect(cli.files[0].targets).toEqual(['release'])
    // found by reading the script, not assumed from its name and the token
    expect(action.findings.find((x) => x.rule === 'missing-environment')!.message).toMatch(/It publishes through `[^`]+` runs `[^`]+` \(\S*package\.json scripts\./)
  })

  it('a sibling job that runs `npm run release` without waiting for the gate: ungated-publishing', () => {
    const text = `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  gate:
    runs-on: ubuntu-latest
    environment: npm
    steps:
      - uses: ${GATE}
  npm:
    runs-on: ubuntu-latest
    environment: npm
    steps:
      - uses: ${CHECKOUT}
      - run: npm ci && npm run release
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`
    const read = both(text, 'gate', RUNNER, pkgs(CHANGESETS)).action
    expect(blocking(read)).toContain('ungated-publishing')
    expect(read.findings.find((f) => f.rule === 'ungated-publishing')!.message).toContain('job `npm` publishes (`npm run release` runs `changeset publish` (package.json scripts.release)) without waiting')
    const unread = both(text, 'gate').action
    expect(blocking(unread)).toContain('ungated-publishing')
    expect(unread.findings.find((f) => f.rule === 'ungated-publishing')!.message).toContain('(`npm run release` with `NODE_AUTH_TOKEN` in its environment (package.json was not read: read as publishing))')
  })

  it('a release script after the gate that runs when the gate failed: the block is not final', () => {
    const text = release('npm run release').replace('      - run: npm run release\n', '      - run: npm run release\n        if: always()\n').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    environment: npm\n')
    const { action } = both(text, 'release', RUNNER, pkgs(CHANGESETS))
    const f = action.findings.find((x) => x.rule === 'poisoned-environment' && /also after release-gate failed/.test(x.message))
    expect(f?.blocking).toBe(true)
    expect(f?.message).toContain('publishes (`npm run release` runs `changeset publish` (package.json scripts.release))')
  })

  describe('without a package.json to read, a release or publish script with a registry token publishes (fail closed)', () => {
    it.each([
      ['npm run release', 'npm run release'],
      ['yarn release', 'yarn release'],
      ['pnpm release', 'pnpm release'],
      ['bun run publish', 'bun run publish'],
    ])('%s with NODE_AUTH_TOKEN', (_what, run) => {
      const { action, cli } = both(release(run), 'release')
      expect(blocking(action)).toEqual(expect.arrayContaining(['missing-environment', 'use-trusted-publishing']))
      expect(cli.files[0].targets).toEqual(['release'])
      expect(action.findings.find((x) => x.rule === 'missing-environment')!.message).toMatch(/with `NODE_AUTH_TOKEN` in its environment \(package\.json was not read: read as publishing\)/)
    })

    it.each([['npm run ci:publish'], ['pnpm ci-publish'], ['yarn run publish:all']])('%s, a publish script by its name', (run) => {
      const { cli } = both(release(run), 'release')
      expect(cli.files[0].targets).toEqual(['release'])
    })

    it.each([['npm run release:check'], ['npm run release:notes'], ['npm run prepublishOnly'], ['npm run republish-docs']])('near-miss: %s is not read as publishing by its name', (run) => {
      const { cli } = both(release(run), 'release')
      expect(cli.files[0].scope).toBe('no job publishes: every job')
    })

    it.each([
      ['exported by the script', 'export NPM_TOKEN="${{ secrets.NPM_TOKEN }}"\n          npm run release'],
      ['set on the command', 'NODE_AUTH_TOKEN=${{ secrets.NPM_TOKEN }} npm run release'],
    ])('the token %s', (_what, run) => {
      const { cli } = both(release(`|\n          ${run}`, ''), 'release')
      expect(cli.files[0].targets).toEqual(['release'])
    })

    it('the token on the job, not the step', () => {
      const text = release('npm run release', '').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    env:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n')
      expect(blocking(both(text, 'release').action)).toContain('missing-environment')
    })

    it.each([
      ['no package.json in the repository', new Map([['', null]]) as PackageFiles, /there is no package\.json/],
      ['package.json that is not JSON', new Map([['', parseManifest('{"scripts": {"release": ', 'package.json')]]) as PackageFiles, /package\.json is not JSON/],
      ['scripts that are not strings', new Map([['', parseManifest('{"scripts": {"release": ["changeset", "publish"]}}', 'package.json')]]) as PackageFiles, /script `release` in package\.json is not a string/],
      ['scripts that are not an object', new Map([['', parseManifest('{"scripts": "changeset publish"}', 'package.json')]]) as PackageFiles, /`scripts` in package\.json is not an object/],
      ['a package.json too large to read', new Map([['', parseManifest(`{"scripts":{},"x":"${'a'.repeat(2_100_000)}"}`, 'package.json')]]) as PackageFiles, /over the 2000000 read/],
      ['a script that runs a file of the repository', pkgs({ release: 'node scripts/release.mjs' }), /scripts\.release in package\.json runs `node scripts\/release\.mjs`, which the gate does not read/],
      ['a working directory written as an expression', pkgs(CHANGESETS), /the package it runs in is not known before the run/],
    ])('%s', (what, p, why) => {
      const text = what.startsWith('a working directory') ? release('npm run release').replace('      - run: npm run release\n', '      - run: npm run release\n        working-directory: ${{ matrix.pkg }}\n') : release('npm run release')
      const { action } = both(text, 'release', RUNNER, p)
      expect(blocking(action)).toContain('missing-environment')
      expect(action.findings.find((x) => x.rule === 'missing-environment')!.message).toMatch(why)
    })
  })

  describe('near-misses stay non-publishing', () => {
    // inside a job, the gate's own job publishes by declaration (it always needs an
    // environment); what a near-miss must not do is make the step a publishing one: no
    // long-lived-token finding there, and the CLI finds no publishing job
    it.each([
      ['npm run build', 'npm run build', pkgs(CHANGESETS)],
      ['npm run build, no package.json read', 'npm run build', undefined],
      ['npm run release:notes that runs conventional-changelog', 'npm run release:notes', pkgs(CHANGESETS)],
      ['npm run release that only versions', 'npm run release', pkgs({ release: 'changeset version && git add -A' })],
      ['npm run release with a dry run', 'npm run release', pkgs({ release: 'npm publish --dry-run' })],
      ['a cycle of scripts', 'npm run release', pkgs({ release: 'npm run a', a: 'npm run release' })],
      ['a script the package does not have', 'npm run release', pkgs({ build: 'tsc' })],
      ['a dry run passed through to the script', 'npm run release -- --dry-run', pkgs(CHANGESETS)],
      ['a dry run passed through, no package.json read', 'npm run release -- --dry-run', undefined],
    ])('%s', (_what, run, p) => {
      const { action, cli } = both(release(run), 'release', RUNNER, p)
      expect(blocking(action)).not.toContain('use-trusted-publishing')
      expect(cli.files[0].scope).toBe('no job publishes: every job')
      expect(blocking(cli)).not.toContain('missing-environment')
    })

    it('npm run release with no registry token, no registry set up for npm, no id-token and no package.json read', () => {
      // (setup-node's `registry-url` or `id-token: write` would let it publish: publishers.test.ts)
      const { cli } = both(release('npm run release', '').replace('          registry-url: https://registry.npmjs.org\n', ''), 'release')
      expect(cli.files[0].scope).toBe('no job publishes: every job')
    })
  })
})

describe('package scripts in linear time', () => {
  it('a 900 KB one-line run of package scripts is judged, and the release script at its end is found', () => {
    const run = `${'npm run build && '.repeat(53_000)}npm run release`
    expect(run.length).toBeGreaterThan(900_000)
    const { cli } = both(release(run), 'release', RUNNER, pkgs(CHANGESETS))
    expect(cli.files[0].targets).toEqual(['release'])
  })

  it('a package.json of many scripts, long chains and wildcard globs is judged', () => {
    const scripts: Record<string, string> = {}
    for (let i = 0; i < 5000; i++) scripts[`s${i}`] = `npm run s${i + 1} && run-s ${'*'.repeat(40)}:${'a*'.repeat(30)}`
    scripts.release = 'npm run s0'
    scripts[`${'a:'.repeat(2000)}x`] = 'tsc'
    const { cli } = both(release('npm run release'), 'release', RUNNER, pkgs(scripts))
    // the chain is deeper than the gate follows and nothing in reach publishes: read as
    // publishing, as release runs with an npm token and what it runs could not be read to the end
    expect(cli.files[0].targets).toEqual(['release'])
  })
})
