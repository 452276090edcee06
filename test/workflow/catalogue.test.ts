import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { COMMANDS, actionFacts } from '../../src/workflow/catalogue.js'
import { commandWords, versionIn, versionParts } from '../../src/workflow/actions.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('catalogue: caching actions', () => {
  it.each([
    ['actions/cache', undefined],
    ['actions/cache/restore', undefined],
    ['actions/setup-python', 'cache'],
    ['actions/setup-node', 'cache'],
    ['actions/setup-java', 'cache'],
    ['actions/setup-go', 'cache'],
    ['actions/setup-dotnet', 'cache'],
    ['astral-sh/setup-uv', 'enable-cache'],
    ['ruby/setup-ruby', 'bundler-cache'],
    ['Swatinem/rust-cache', undefined],
    ['actions-rust-lang/setup-rust-toolchain', 'cache'],
    ['oven-sh/setup-bun', undefined],
    ['mlugg/setup-zig', 'use-cache'],
    ['graalvm/setup-graalvm', 'cache'],
    ['docker/setup-buildx-action', 'cache-binary'],
    ['gradle/actions/setup-gradle', undefined],
    ['jdx/mise-action', 'cache'],
    ['prefix-dev/setup-pixi', 'cache'],
    ['PyO3/maturin-action', 'sccache'],
    ['Mozilla-Actions/sccache-action', undefined],
    ['hendrikmuhs/ccache-action', undefined],
    ['ramsey/composer-install', undefined],
    ['DeterminateSystems/magic-nix-cache-action', 'use-gha-cache'],
    ['nix-community/cache-nix-action', undefined],
    ['awalsh128/cache-apt-pkgs-action', undefined],
    ['docker/build-push-action', 'cache-from'],
  ])('%s restores a cache, switched by %s', (name, input) => {
    const c = actionFacts(name)?.cache
    expect(c).toBeDefined()
    expect(c!.input).toBe(input)
  })

  it('names the opt-outs the actions document', () => {
    expect(actionFacts('actions/cache')!.cache!.optOut).toContain('lookup-only')
    expect(actionFacts('gradle/actions/setup-gradle')!.cache!.optOut).toContain('cache-disabled')
    expect(actionFacts('oven-sh/setup-bun')!.cache!.optOut).toContain('no-cache')
    expect(actionFacts('ramsey/composer-install')!.cache!.optOut).toContain('ignore-cache')
    expect(actionFacts('actions/setup-node')!.cache!.offWhenFalse).toContain('package-manager-cache')
    expect(actionFacts('mozilla-actions/sccache-action')!.cache!.env).toBe('SCCACHE_GHA_ENABLED')
  })

  it('encodes setup-uv by version: v1-v4 off, v5-v9 on for every event, v10+ skipping release events', () => {
    const d = actionFacts('astral-sh/setup-uv')!.cache!.defaults!
    const at = (v: number[]) => d.find((x) => versionIn(v, x.from, x.to))
    expect(at([4, 2, 0])!.is).toBe('off')
    expect(at([5])).toMatchObject({ is: 'on' })
    expect(at([9, 1])!.skips).toBeUndefined()
    expect(at([10, 0, 0])!.skips).toEqual(['release', 'push:tag', 'pull_request_target', 'workflow_run'])
  })
})

describe('versions of a step', () => {
  const step = (line: string) => {
    const wf = parseWorkflow(`on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${line}\n`, 'w.yml')
    return versionParts(wf.jobs[0].steps[0], wf)
  }
  it('reads a tag, a version comment, or nothing', () => {
    expect(step('docker/setup-buildx-action@v3')).toEqual([3])
    expect(step('docker/setup-buildx-action@f95db51fddba0c2d1ec667646a06c2ce06100226 # v3.0.0')).toEqual([3, 0, 0])
    expect(step('docker/setup-buildx-action@f95db51fddba0c2d1ec667646a06c2ce06100226 # pin@v3.1.2')).toEqual([3, 1, 2])
    expect(step('docker/setup-buildx-action@f95db51fddba0c2d1ec667646a06c2ce06100226')).toBeUndefined()
  })
  it('compares with major and major.minor bounds; a floating tag is its newest release', () => {
    expect(versionIn([3, 0, 0], undefined, '3.0')).toBe(true)
    expect(versionIn([3, 1, 0], undefined, '3.0')).toBe(false)
    expect(versionIn([3], undefined, '3.0')).toBe(false)
    expect(versionIn([5, 4], 5, 9)).toBe(true)
    expect(versionIn([10], 5, 9)).toBe(false)
    expect(versionIn([4, 9], 5)).toBe(false)
  })
})

describe('catalogue: the words that rule a command out before its pattern is tried', () => {
  it('reads the leading word, a group of words, and stops before an optional letter', () => {
    expect(commandWords(/\bgem\s+push\b/)).toEqual(['gem'])
    expect(commandWords(/\b(?:poetry|flit|hatch|pdm)\s+publish\b/)).toEqual(['poetry', 'flit', 'hatch', 'pdm'])
    expect(commandWords(/\bmvnw?(?:\.cmd)?\b/)).toEqual(['mvn'])
    expect(commandWords(/\bcurl\b.*\bpush\.fury\.io\b|\bfury\s+push\b/)).toEqual(['curl', 'fury'])
  })

  it('gives none for a pattern it cannot read that way', () => {
    expect(commandWords(/(?:^|[;&|(]\s*|\bnpx\s+)np(?:\s|$)/)).toBeUndefined()
    expect(commandWords(/\b(?:dotnet\s+)?nuget\s+push\b/)).toBeUndefined()
    expect(commandWords(/\b(?:npm|mvnw?)\b/)).toBeUndefined()
    expect(commandWords(/\bgem\s+push\b|ACTIONS_ID_TOKEN_REQUEST/)).toBeUndefined()
    expect(commandWords(/\bgem\s+push\b/i)).toBeUndefined()
  })

  it('every text a command matches holds one of its words', () => {
    const fragments = [...COMMANDS.map((c) => c.label), 'npm', 'pnpm', 'yarn', 'mvnw', 'mvn', 'gradlew', 'deploy', 'publish', 'push', 'release', 'upload', '--push', 'docker', 'buildx', 'build', 'curl', 'push.fury.io', ' ', ' ', ';', '&&', '|', '(', '"', "'", '\\', '-X POST', '/releases', 'x=1', 'run']
    const line = fc.array(fc.constantFrom(...fragments), { maxLength: 8 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(line, (l) => {
        for (const c of COMMANDS) {
          const words = commandWords(c.re)
          if (words && c.re.test(l)) expect(words.some((w) => l.includes(w))).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
