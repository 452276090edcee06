import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

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
