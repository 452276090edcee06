import { describe, expect, it } from '@jest/globals'
import { parseWorkflow } from '../../src/workflow/model.js'
import { stepPublishes } from '../../src/workflow/publish.js'

/** What one `run:` step publishes, as the gate reads it. */
function published(script: string): string | undefined {
  const body = script
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n')
  const wf = parseWorkflow(`on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${body}\n`, 'release.yml')
  const sig = stepPublishes(wf.jobs[0].steps[0])
  return sig ? `${sig.registry} (${sig.evidence})` : undefined
}

describe('publishing commands', () => {
  it.each([
    ['./gradlew publish --no-configuration-cache', 'maven (gradle publish)'],
    ['./gradlew build :core:publishAllPublicationsToMavenCentralRepository', 'maven (gradle publish)'],
    ['gradle publishPlugins -Pgradle.publish.key=$KEY', 'maven (gradle publish)'],
    ['gradlew.bat publishToSonatype closeAndReleaseSonatypeStagingRepository', 'maven (gradle publish)'],
    ['mvn -B deploy -P release', 'maven (mvn deploy)'],
    ['./mvnw --batch-mode release:perform', 'maven (mvn deploy)'],
    ['dotnet nuget push "bin/Release/*.nupkg" --source https://api.nuget.org/v3/index.json', 'nuget (nuget push)'],
    ['nuget push Package.nupkg -Source nuget.org', 'nuget (nuget push)'],
    ['bun publish --access public', 'npm (bun publish)'],
    ['jreleaser full-release', 'maven (jreleaser)'],
    ['./mvnw -Prelease jreleaser:full-release', 'maven (jreleaser)'],
    ['./gradlew jreleaserFullRelease', 'maven (jreleaser)'],
    ['pnpm --filter @acme/cli publish --no-git-checks', 'npm (npm publish)'],
    ['pnpm -r publish --access public', 'npm (npm publish)'],
    ['yarn npm publish --tolerate-republish', 'npm (yarn publish)'],
    ['goreleaser release --clean', 'github-release (goreleaser release)'],
    ['goreleaser --clean', 'github-release (goreleaser release)'],
    ['docker buildx build --platform linux/amd64,linux/arm64 \\\n  -t ghcr.io/acme/app:1.0 --push .', 'container (docker buildx --push)'],
    ['docker build --push -t ghcr.io/acme/app:1.0 .', 'container (docker buildx --push)'],
    ['docker buildx build --output type=registry -t ghcr.io/acme/app:1.0 .', 'container (docker buildx --push)'],
  ])('%s publishes', (script, expected) => {
    expect(published(script)).toBe(expected)
  })

  it.each([
    './gradlew publishToMavenLocal',
    './gradlew build -Ppublish=false',
    'mvn -B verify',
    'goreleaser release --snapshot --clean',
    'goreleaser release --skip=publish',
    'goreleaser check',
    'jreleaser full-release --dry-run',
    'docker buildx build -t app:test --load .',
    'bun publish --dry-run',
  ])('%s publishes nothing', (script) => {
    expect(published(script)).toBeUndefined()
  })
})
