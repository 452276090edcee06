import { describe, expect, it } from '@jest/globals'
import { audit, auditRepoFixture, auditWorkflow, notOkLines, ofRule, options, readFixture } from '../helpers/audit.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('cache-poisoning', () => {
  it('flags caches restored in the publishing job and in the job it needs', () => {
    const P = 'workflows/cache-poisoning/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/restores the uv cache by default \(`enable-cache: auto`\) on a push to a branch \(main\) in job `build`, which builds what is published/)
    expect(fs[1].message).toMatch(/restores the pip cache in job `publish`, which publishes/)
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('accepts caches turned off, and setup-uv auto on a tag push', () => {
    expect(ofRule(audit('workflows/cache-poisoning/near-miss.yml', { job: 'publish' }), 'cache-poisoning')).toEqual([])
  })

  it('warns, without blocking, when a cache depends on a file it cannot see (setup-pixi in networkx)', () => {
    const fs = ofRule(audit('corpus/workflows/networkx__networkx__release.yml', { job: 'pypi-publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/when pixi\.lock exists/)
  })

  it('puts the finding on the line that turns the cache on, so ignores there apply (pydantic)', () => {
    const fs = ofRule(audit('corpus/workflows/pydantic__pydantic__ci.yml', { job: 'release-pydantic' }), 'cache-poisoning')
    expect(fs.filter((f) => f.ignored?.by === 'comment').length).toBeGreaterThan(0)
  })
})

describe('cache-poisoning: caching actions from the catalogue', () => {
  it('flags every caching action of a polyglot release, each through its own switch and default', () => {
    const P = 'workflows/cache-poisoning/toolchains.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
    const byLine = new Map(fs.map((f) => [f.line, f.message]))
    expect(byLine.get(22)).toMatch(/setup-gradle@\w+` restores the Gradle cache in job `jvm`/)
    expect(byLine.get(38)).toMatch(/setup-rust-toolchain@\w+` restores the Cargo cache by default on a push of a tag \(v\*\)/)
    expect(byLine.get(45)).toMatch(/setup-go@\w+` restores the Go module cache by default/)
    expect(byLine.get(89)).toMatch(/magic-nix-cache-action@\w+` restores the Nix store cache by default/)
    expect(byLine.get(90)).toMatch(/cache-nix-action@\w+` restores the Nix store cache/)
    expect(byLine.get(106)).toMatch(/setup-buildx-action@\w+` restores a cached buildx binary by default/)
    expect(byLine.get(117)).toMatch(/build-push-action@\w+` restores a build cache/)
    const fix = fs.find((f) => f.line === 63)!.fix
    expect(fix).toMatch(/^Set `no-cache: true`\./)
  })

  it('accepts each of them switched off: opt-outs, lookup-only, versions before the default, toggles false on the only event', () => {
    expect(ofRule(audit('workflows/cache-poisoning/toolchains-near-miss.yml', { job: 'publish' }), 'cache-poisoning')).toEqual([])
  })

  it('evaluates toggles per event and matrix leg: sccache on a tag push, SCCACHE_GHA_ENABLED in env and $GITHUB_ENV', () => {
    const P = 'workflows/cache-poisoning/toggles.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'cache-poisoning')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    const at = (line: number) => fs.find((f) => f.line === line)!
    expect(at(22).message).toMatch(/sccache-action@\w+` restores the sccache compiler cache \(`SCCACHE_GHA_ENABLED` is set in job `wheels` `env:`\)/)
    expect(at(32).message).toContain("(`sccache: ${{ startsWith(github.ref, 'refs/tags/') }}` is on for a push of a tag (v*))")
    expect(at(36).message).toContain('is on for a push of a tag (v*), matrix leg os: "windows-latest", cache: true)')
    expect(at(39).message).toContain('is on for workflow_dispatch)')
    expect(at(52)).toMatchObject({ column: 17, severity: 'error' })
    expect(at(52).message).toContain('set in a script writing `$GITHUB_ENV`')
    for (const l of [22, 32, 36, 39]) expect(at(l).severity).toBe('error')
  })

  it('reads a pin without a version at its most dangerous version, as a warning that says so', () => {
    const fs = ofRule(audit('workflows/cache-poisoning/toggles.yml', { job: 'publish' }), 'cache-poisoning')
    const f = fs.find((x) => x.line === 54)!
    expect(f.severity).toBe('warning')
    expect(f.message).toMatch(/cannot be told \(no version tag or comment\), so it is read as v5–v9$/)
    expect(f.fix).toContain('Add a version comment to the pin')
  })

  it('accepts toggles off on tag pushes when only tag pushes publish (maturin generate-ci)', () => {
    expect(ofRule(audit('workflows/cache-poisoning/toggles-near-miss.yml', { job: 'release' }), 'cache-poisoning')).toEqual([])
  })

  it('ignores caches on events on which the release job does not run (pydantic builds with sccache off for tags)', () => {
    const fs = ofRule(audit('corpus/workflows/pydantic__pydantic__ci.yml', { job: 'release-pydantic' }), 'cache-poisoning')
    expect(fs.some((f) => /sccache|enable-cache: \$\{\{/.test(f.message))).toBe(false)
    expect(fs.some((f) => /rust-cache/.test(f.message))).toBe(true)
  })
})

describe('cache-poisoning: which jobs publish', () => {
  it('sees `./gradlew publish…` as publishing, and the Gradle cache restored into it (no job named)', () => {
    const P = 'workflows/cache-poisoning/gradle-release.yml'
    const r = audit(P)
    expect(r.files[0].targets).toEqual(['publish'])
    const fs = ofRule(r, 'cache-poisoning')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/restores the Gradle cache in job `publish`, which publishes/)
  })

  it('does not take `publishToMavenLocal` for a release', () => {
    const r = audit('workflows/cache-poisoning/gradle-release-near-miss.yml')
    expect(ofRule(r, 'cache-poisoning')).toEqual([])
  })
})

describe('cache-poisoning: only what reaches the release through a hand-off', () => {
  const L = 'workflows/cache-poisoning/lint-saves-own-cache.yml'
  const byJob = (fs: ReturnType<typeof ofRule>) => Object.fromEntries(fs.map((f) => [f.job, f.severity]))

  it('warns, without blocking, for needed jobs that save their own cache when the release restores none and downloads nothing (renovate)', () => {
    const fs = ofRule(audit(L, { job: 'release' }), 'cache-poisoning').filter((f) => f.job !== 'release')
    expect(byJob(fs)).toEqual({ lint: 'warning', test: 'warning', 'setup-build': 'error' })
    expect(fs.filter((f) => f.severity === 'error').map((f) => f.line)).toEqual(notOkLines(L))
    expect(fs.find((f) => f.job === 'lint')!.message).toMatch(/in job `lint`, which runs before the release but hands it no artifact and no output, and the release restores no cache$/)
    expect(fs.find((f) => f.job === 'setup-build')!.message).toMatch(/in job `setup-build`, which builds what is published$/)
  })

  it('blocks the job whose artifact the release downloads', () => {
    const text = readFixture(L).replace(
      '      - run: npm ci\n      - run: npm publish',
      '      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1\n        with:\n          name: coverage\n      - run: npm ci\n      - run: npm publish',
    )
    const fs = ofRule(auditWorkflow(parseWorkflow(text, L), { job: 'release' }), 'cache-poisoning').filter((f) => f.job !== 'release')
    expect(byJob(fs)).toEqual({ lint: 'warning', test: 'error', 'setup-build': 'error' })
  })

  it('blocks every job before a release that restores a cache: any of them could have written the entry', () => {
    const text = readFixture(L).replace("          registry-url: 'https://registry.npmjs.org'", "          registry-url: 'https://registry.npmjs.org'\n          cache: npm")
    const fs = ofRule(auditWorkflow(parseWorkflow(text, L), { job: 'release' }), 'cache-poisoning')
    expect(byJob(fs)).toEqual({ lint: 'error', test: 'error', 'setup-build': 'error', release: 'error' })
    expect(fs.find((f) => f.job === 'lint')!.message).toMatch(/in job `lint`, which runs before job `release`, which restores a cache this job could have written$/)
  })
})

describe('cache-poisoning: jobs of a called workflow', () => {
  const DIR = 'workflows/cache-poisoning/called'
  const W = '.github/workflows'
  const A = '.github/actions/setup-node/action.yml'
  const LOCAL = [`${W}/test.yml`, `${W}/build.yml`, A]

  it('warns for a called test workflow that hands the release nothing, and blocks the called build whose artifact it downloads (vue release.yml › test.yml)', () => {
    const fs = ofRule(auditRepoFixture(DIR, `${W}/release.yml`, LOCAL, { job: 'release' }), 'cache-poisoning')
    const seen = fs.map((f) => [f.file, f.line, f.job, f.severity])
    expect(seen).toEqual([
      [A, 13, 'pack', 'error'],
      [`${W}/test.yml`, 18, 'unit-test', 'warning'],
      [`${W}/test.yml`, 28, 'e2e-test', 'warning'],
    ])
    expect(fs.find((f) => f.job === 'pack')!.message).toMatch(/in job `pack`, which builds what is published$/)
    expect(fs.find((f) => f.job === 'unit-test')!.message).toMatch(/which runs before the release but hands it no artifact and no output, and the release restores no cache$/)
    expect(fs.find((f) => f.job === 'unit-test')!.chain).toEqual(['test', './.github/workflows/test.yml'])
  })

  it("blocks a called job whose output reaches the release through the workflow's `workflow_call` outputs", () => {
    const local = new Map(LOCAL.map((p) => [p, parseWorkflow(readFixture(`${DIR}/${p}`), p)]))
    const test = readFixture(`${DIR}/${W}/test.yml`)
      .replace('on: workflow_call', 'on:\n  workflow_call:\n    outputs:\n      version:\n        value: ${{ jobs.unit-test.outputs.version }}')
      .replace('  unit-test:\n    runs-on: ubuntu-latest', '  unit-test:\n    runs-on: ubuntu-latest\n    outputs:\n      version: ${{ steps.v.outputs.version }}')
    local.set(`${W}/test.yml`, parseWorkflow(test, `${W}/test.yml`))
    const wf = parseWorkflow(readFixture(`${DIR}/${W}/release.yml`).replace('npm publish --provenance dist/*.tgz', 'npm publish --provenance --tag "${{ needs.test.outputs.version }}" dist/*.tgz'), `${W}/release.yml`)
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local, jobId: 'release' }, opts)], [], opts)
    expect(Object.fromEntries(ofRule(r, 'cache-poisoning').map((f) => [f.job, f.severity]))).toEqual({ pack: 'error', 'unit-test': 'error', 'e2e-test': 'warning' })
  })

  it("reads a local composite step's `if:` with the caller's inputs: `use-cache: false` restores nothing, `true` does", () => {
    const local = new Map(LOCAL.map((p) => [p, parseWorkflow(readFixture(`${DIR}/${p}`), p)]))
    const run = (release: string) => {
      const wf = parseWorkflow(release, `${W}/release.yml`)
      const opts = options()
      return ofRule(buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local, jobId: 'release' }, opts)], [], opts), 'cache-poisoning')
    }
    // the composite's finding is reported once, at its line, naming every job that reaches it
    const text = readFixture(`${DIR}/${W}/release.yml`)
    const off = run(text).filter((f) => f.file === A)
    expect(off.map((f) => [f.line, f.job])).toEqual([[13, 'pack']])
    expect(off[0].message).not.toContain('release')
    const on = run(text.replace('use-cache: false', 'use-cache: true')).filter((f) => f.file === A)
    expect(on.map((f) => [f.line, f.job, f.severity])).toEqual([[13, 'pack', 'error']])
    expect(on[0].message).toContain('(also reached from job `release`)')
  })
})
