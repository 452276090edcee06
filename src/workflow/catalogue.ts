/**
 * The catalogue: what release-gate knows of the world, as data. Which actions and commands
 * publish, to which registry; which token permissions they use; which cache they restore and
 * through which input; which inputs run code; which runner labels are GitHub's own.
 *
 * Rules never name an action themselves: they ask the helpers in `actions.ts` and
 * `publish.ts`, which read these tables. To teach the gate a new action, add an entry here
 * (with the source of the fact in a comment) and a fixture that shows it.
 */

export type Registry = 'pypi' | 'npm' | 'crates' | 'rubygems' | 'container' | 'github-release' | 'nuget' | 'maven' | 'conda' | 'other'

/** Token scopes a step can use (`permissions:` keys). */
export type Scope =
  | 'id-token'
  | 'contents'
  | 'packages'
  | 'attestations'
  | 'pull-requests'
  | 'issues'
  | 'pages'
  | 'security-events'
  | 'deployments'
  | 'actions'
  | 'statuses'
  | 'checks'
  | 'discussions'

/**
 * A condition on a step's `with:` inputs (names matched case-insensitively, as the runner
 * does). A value written as an expression counts as "may be set": conditions are read so that
 * an unknown value never hides a publish or a permission use.
 */
export type When =
  /** The input is given and is not a false value (`false`, `0`, empty). */
  | { set: string }
  /** The input is absent or empty. */
  | { unset: string }
  /** The input is absent, or given with a value other than false. */
  | { notFalse: string }
  /** The input's text matches. */
  | { input: string; matches: RegExp }
  | { all: When[] }
  | { any: When[] }

export interface PermissionUse {
  scope: Scope
  when?: When
}

/** How an action restores a cache, and what switches it. */
export interface CacheFacts {
  /** The cache, in words: "the Go module cache". */
  what: string
  /**
   * The input that switches it. Absent: the action always restores (actions/cache).
   * `boolean`: on when true; `string`: on when non-empty and not false (`cache: pip`).
   */
  input?: string
  kind?: 'boolean' | 'string'
  /**
   * When the input is absent: `on` restores on every event, `off` never, `conditional` when a
   * file of the repository says so (a warning), `auto-uv` setup-uv's own `auto` rule. By
   * major version of the action, first match wins; no match means `on`.
   */
  defaults?: Array<{ from?: number; to?: number; is: 'on' | 'off' | 'conditional' | 'auto-uv' }>
  /** Inputs that, when true, make the step restore nothing (`lookup-only`, `cache-disabled`). */
  optOut?: string[]
  /** Why a `conditional` default may restore, said exactly ("when pixi.lock exists"). */
  conditionalWhy?: string
  /** Inputs that, when false, turn a default cache off (`package-manager-cache: false`). */
  offWhenFalse?: string[]
  /** What to change, said exactly. */
  off: string
}

export interface ActionFacts {
  /** Publishes to a registry (when the condition holds). */
  publishes?: { registry: Registry; when?: When }
  /** Write scopes of the job's token it uses. */
  permissions?: PermissionUse[]
  /** Signs or attests what was built (a build job's reason to hold `id-token: write`). */
  signs?: When | true
  /** Exchanges the job's OIDC token with a cloud or registry. */
  oidc?: boolean
  /** Opens release pull requests (a release bot). */
  bot?: string
  cache?: CacheFacts
  /** Inputs whose value is run as code (template-injection sinks). */
  sinks?: string[]
  /** Inputs that take a long-lived registry credential. */
  credentials?: string[]
  /** Runs no code of the repository's and writes nothing the gate reads: safe before the gate. */
  readOnly?: boolean
  /** Must be referenced by tag, by its own design; a SHA pin breaks it. */
  tagOnly?: string
  /** A test index: publishing there is a rehearsal. */
  testIndex?: When
}

const GITHUB_PACKAGES = /\b(ghcr\.io|docker\.pkg\.github\.com|npm\.pkg\.github\.com|rubygems\.pkg\.github\.com|nuget\.pkg\.github\.com|maven\.pkg\.github\.com)\b/i

/**
 * Actions, by `owner/repo[/path]` in lower case. A sub-action (`owner/repo/path`) is looked up
 * first, then its repository.
 */
export const ACTIONS: Record<string, ActionFacts> = {
  // --- publishing: PyPI
  'pypa/gh-action-pypi-publish': {
    publishes: { registry: 'pypi' },
    // trusted publishing unless a password (API token) is given (its action.yml)
    permissions: [{ scope: 'id-token', when: { unset: 'password' } }],
    oidc: true,
    credentials: ['password'],
    testIndex: { input: 'repository-url', matches: /test\.pypi\.org/i },
  },
  'sigstore/gh-action-sigstore-python': { signs: true, permissions: [{ scope: 'id-token' }] },
  'jupyter-server/jupyter_releaser/.github/actions/publish-release': {
    publishes: { registry: 'pypi' },
    permissions: [{ scope: 'id-token' }, { scope: 'contents' }],
    credentials: ['pypi_token', 'npm_token'],
  },
  'jupyter-server/jupyter_releaser/.github/actions/finalize-release': { permissions: [{ scope: 'contents' }] },
  'jupyter-server/jupyter_releaser/.github/actions/populate-release': { permissions: [{ scope: 'contents' }] },
  'jupyter-server/jupyter_releaser/.github/actions/prep-release': { permissions: [{ scope: 'contents' }] },
  'prefix-dev/rattler-build-action': { publishes: { registry: 'conda', when: { set: 'upload' } } },
  // --- npm
  'js-devtools/npm-publish': { publishes: { registry: 'npm' }, permissions: [{ scope: 'id-token' }], credentials: ['token'] },
  // changesets publishes only when `publish:` is given; it opens the version PR otherwise
  'changesets/action': {
    publishes: { registry: 'npm', when: { set: 'publish' } },
    permissions: [{ scope: 'id-token', when: { set: 'publish' } }, { scope: 'contents' }, { scope: 'pull-requests' }],
    bot: 'changesets',
  },
  'changesets/action/publish': { publishes: { registry: 'npm' }, permissions: [{ scope: 'id-token' }, { scope: 'contents' }] },
  // --- crates.io
  'release-plz/action': { publishes: { registry: 'crates' }, permissions: [{ scope: 'id-token' }, { scope: 'contents' }, { scope: 'pull-requests' }], bot: 'release-plz' },
  'katyo/publish-crates': { publishes: { registry: 'crates' }, credentials: ['registry-token'] },
  'rust-lang/crates-io-auth-action': { oidc: true, permissions: [{ scope: 'id-token' }] },
  'cargo-bins/release-pr': { publishes: { registry: 'crates' }, permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }], bot: 'cargo-release-pr' },
  // --- RubyGems
  'rubygems/release-gem': {
    publishes: { registry: 'rubygems' },
    permissions: [{ scope: 'id-token', when: { notFalse: 'setup-trusted-publisher' } }, { scope: 'contents' }],
  },
  'rubygems/configure-rubygems-credentials': {
    publishes: { registry: 'rubygems' },
    permissions: [{ scope: 'id-token', when: { unset: 'api-token' } }],
    credentials: ['api-token'],
  },
  // --- containers
  'docker/build-push-action': {
    publishes: { registry: 'container', when: { set: 'push' } },
    permissions: [{ scope: 'packages', when: { all: [{ set: 'push' }, { any: [{ input: 'tags', matches: GITHUB_PACKAGES }, { input: 'tags', matches: /\$\{\{/ }, { unset: 'tags' }] }] } }],
    cache: { what: 'a build cache', input: 'cache-from', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache-from:`.' },
  },
  'docker/login-action': { permissions: [{ scope: 'packages', when: { input: 'registry', matches: GITHUB_PACKAGES } }], credentials: ['password'] },
  'redhat-actions/push-to-registry': {
    publishes: { registry: 'container' },
    permissions: [{ scope: 'packages', when: { input: 'registry', matches: GITHUB_PACKAGES } }],
    credentials: ['password'],
  },
  'actions/publish-immutable-action': { publishes: { registry: 'container' }, permissions: [{ scope: 'id-token' }, { scope: 'packages' }] },
  // --- GitHub Releases
  'softprops/action-gh-release': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'ncipollo/release-action': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'actions/create-release': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'actions/upload-release-asset': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'svenstaro/upload-release-action': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'marvinpinto/action-automatic-releases': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  // goreleaser signs with cosign (keyless) and may push images, depending on its config file
  'goreleaser/goreleaser-action': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }, { scope: 'id-token' }, { scope: 'packages' }] },
  'googleapis/release-please-action': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }, { scope: 'issues' }], bot: 'release-please' },
  'google-github-actions/release-please-action': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }, { scope: 'issues' }], bot: 'release-please' },
  // --- pushes to the repository
  'mislav/bump-homebrew-formula-action': { permissions: [{ scope: 'contents' }] },
  'stefanzweifel/git-auto-commit-action': { permissions: [{ scope: 'contents' }] },
  'ad-m/github-push-action': { permissions: [{ scope: 'contents' }] },
  'yyx990803/release-tag': { permissions: [{ scope: 'contents' }] },
  'peter-evans/create-pull-request': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }] },
  // --- signing and attestations
  'actions/attest-build-provenance': { signs: true, permissions: [{ scope: 'id-token' }, { scope: 'attestations' }] },
  'actions/attest': { signs: true, permissions: [{ scope: 'id-token' }, { scope: 'attestations' }] },
  'actions/attest-sbom': { signs: true, permissions: [{ scope: 'id-token' }, { scope: 'attestations' }] },
  'sigstore/cosign-installer': { signs: true, permissions: [{ scope: 'id-token' }] },
  'hynek/build-and-inspect-python-package': {
    signs: { set: 'attest-build-provenance-github' },
    permissions: [
      { scope: 'id-token', when: { set: 'attest-build-provenance-github' } },
      { scope: 'attestations', when: { set: 'attest-build-provenance-github' } },
    ],
  },
  // SLSA's generator must be called by tag: it verifies its own ref (its README)
  'slsa-framework/slsa-github-generator': {
    signs: true,
    permissions: [{ scope: 'id-token' }, { scope: 'contents' }, { scope: 'actions' }],
    tagOnly: 'slsa-github-generator verifies that it is called by a version tag (`@vX.Y.Z`) and fails when pinned to a SHA; list it in `allow:` with that reason',
  },
  // --- OIDC to clouds and secret stores
  'aws-actions/configure-aws-credentials': { oidc: true, permissions: [{ scope: 'id-token', when: { unset: 'aws-secret-access-key' } }], credentials: ['aws-secret-access-key'] },
  'aws-actions/amazon-ecr-login': {},
  'google-github-actions/auth': { oidc: true, permissions: [{ scope: 'id-token', when: { unset: 'credentials_json' } }], credentials: ['credentials_json'] },
  'azure/login': { oidc: true, permissions: [{ scope: 'id-token', when: { unset: 'creds' } }], credentials: ['creds'] },
  'hashicorp/vault-action': { oidc: true, permissions: [{ scope: 'id-token' }] },
  'octo-sts/action': { oidc: true, permissions: [{ scope: 'id-token' }] },
  // --- code scanning and scorecards
  'github/codeql-action/upload-sarif': { permissions: [{ scope: 'security-events' }] },
  'github/codeql-action/analyze': { permissions: [{ scope: 'security-events' }] },
  'github/codeql-action/init': {},
  'ossf/scorecard-action': { permissions: [{ scope: 'id-token', when: { notFalse: 'publish_results' } }, { scope: 'security-events' }] },
  // --- pages
  'actions/deploy-pages': { permissions: [{ scope: 'pages' }, { scope: 'id-token' }] },
  'actions/upload-pages-artifact': {},
  // --- scripts that run code from an input
  'actions/github-script': { sinks: ['script'] },
  // --- caches
  'actions/cache': { cache: { what: 'a cache', off: 'Remove the cache step from the release jobs.' } },
  'actions/cache/restore': { cache: { what: 'a cache', off: 'Remove the cache step from the release jobs.' } },
  'actions/cache/save': {},
  'actions/setup-python': { cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache:`.' }, readOnly: true },
  'actions/setup-java': { cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache:`.' }, readOnly: true },
  'actions/setup-dotnet': { cache: { what: 'the NuGet package cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'off' }], off: 'Remove `cache:`.' }, readOnly: true },
  'actions/setup-node': {
    // v5+: caches by default when package.json names a `packageManager` (its README)
    cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ to: 4, is: 'off' }, { is: 'conditional' }], conditionalWhy: 'from v5, when package.json names a `packageManager`', offWhenFalse: ['package-manager-cache'], off: 'Remove `cache:` and set `package-manager-cache: false`.' },
    readOnly: true,
    permissions: [{ scope: 'packages', when: { input: 'registry-url', matches: GITHUB_PACKAGES } }],
  },
  'actions/setup-go': { cache: { what: 'the Go module cache', input: 'cache', kind: 'boolean', defaults: [{ to: 3, is: 'off' }, { is: 'on' }], off: 'Set `cache: false`.' }, readOnly: true },
  'ruby/setup-ruby': { cache: { what: 'the bundler cache', input: 'bundler-cache', kind: 'boolean', defaults: [{ is: 'off' }], off: 'Set `bundler-cache: false`.' } },
  'astral-sh/setup-uv': {
    // v1-v4: off by default; v5+: `enable-cache: auto`; its action.yml at each tag
    cache: { what: 'the uv cache', input: 'enable-cache', kind: 'boolean', defaults: [{ to: 4, is: 'off' }, { is: 'auto-uv' }], off: 'Set `enable-cache: false`.' },
    readOnly: true,
  },
  'swatinem/rust-cache': { cache: { what: 'the Cargo cache', optOut: ['lookup-only'], off: 'Remove the step from the release jobs.' } },
  'jdx/mise-action': { cache: { what: 'the mise cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'on' }], off: 'Set `cache: false`.' } },
  'prefix-dev/setup-pixi': { cache: { what: 'the pixi environment cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'conditional' }], conditionalWhy: 'when pixi.lock exists', off: 'Set `cache: false`.' } },
  'gradle/actions': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled'], off: 'Set `cache-disabled: true`.' } },
  'gradle/actions/setup-gradle': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled'], off: 'Set `cache-disabled: true`.' } },
  'gradle/gradle-build-action': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled'], off: 'Set `cache-disabled: true`.' } },
  // --- read-only setup steps (run nothing of the repository's)
  'actions/checkout': { readOnly: true },
  'actions/download-artifact': { readOnly: true },
  'step-security/harden-runner': { readOnly: true },
  // --- known to need no write scope of the job's token (an empty entry means "known")
  'actions/upload-artifact': {},
  'dawidd6/action-download-artifact': { readOnly: true },
  're-actors/alls-green': {},
  'pypa/cibuildwheel': {},
  'docker/setup-buildx-action': {},
  'docker/setup-qemu-action': {},
  'docker/metadata-action': {},
  'dtolnay/rust-toolchain': {},
  'actions-rust-lang/setup-rust-toolchain': {},
  'pnpm/action-setup': {},
  'oven-sh/setup-bun': {},
  'conda-incubator/setup-miniconda': {},
  'mamba-org/setup-micromamba': {},
  'pre-commit/action': {},
  'codecov/codecov-action': {},
  'slackapi/slack-github-action': {},
}

export interface CommandFacts {
  /** How the command is named in messages. */
  label: string
  /** Matched against one logical shell line; linear patterns only. */
  re: RegExp
  publishes?: Registry
  permissions?: Scope[]
  signs?: boolean
  bot?: string
  /** Opaque: runs a build the gate cannot read (make targets, package scripts). */
  opaque?: boolean
  /** The permissions apply only when the whole script also matches this (a registry host). */
  scriptAlso?: RegExp
}

/** Shell commands, matched against `run:` lines with `\` continuations joined. */
export const COMMANDS: CommandFacts[] = [
  { label: 'npm publish', re: /\b(?:npm|pnpm)\s+(?:[\w=-]+\s+)*publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'yarn publish', re: /\byarn\s+(?:npm\s+)?publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'bun publish', re: /\bbun\s+publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'lerna publish', re: /\blerna\s+publish\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'nx release', re: /\bnx\s+release\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'changeset publish', re: /\bchangeset\s+publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'semantic-release', re: /\bsemantic-release\b/, publishes: 'npm', permissions: ['id-token', 'contents', 'issues', 'pull-requests'], bot: 'semantic-release' },
  { label: 'twine upload', re: /\btwine\s+upload\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'uv publish', re: /\buv\s+publish\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'python publish', re: /\b(?:poetry|flit|hatch|pdm)\s+publish\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'maturin publish', re: /\bmaturin\s+(?:publish|upload)\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'cargo publish', re: /\bcargo\s+(?:[\w=+-]+\s+)*publish\b/, publishes: 'crates', permissions: ['id-token'] },
  { label: 'gem push', re: /\bgem\s+push\b/, publishes: 'rubygems', permissions: ['id-token'] },
  { label: 'rake release', re: /\b(?:bundle\s+exec\s+)?rake\s+release\b/, publishes: 'rubygems', permissions: ['id-token', 'contents'] },
  { label: 'gh release', re: /\bgh\s+release\s+(?:create|upload|edit)\b/, publishes: 'github-release', permissions: ['contents'] },
  { label: 'gh release delete', re: /\bgh\s+release\s+delete\b/, permissions: ['contents'] },
  {
    label: 'push to GitHub Packages',
    re: /\b(?:docker|podman)\s+(?:image\s+)?(?:push|login)\b|\b(?:npm|pnpm|yarn|gem|mvn)\b[^\n]*\b(?:publish|push|deploy)\b|\bdotnet\s+nuget\s+push\b/,
    permissions: ['packages'],
    scriptAlso: /\b(?:ghcr\.io|docker\.pkg\.github\.com|npm\.pkg\.github\.com|rubygems\.pkg\.github\.com|nuget\.pkg\.github\.com|maven\.pkg\.github\.com)\b|\$\{\{\s*env\.REGISTRY|\$REGISTRY\b/i,
  },
  { label: 'docker push', re: /\b(?:docker|podman)\s+(?:image\s+)?push\b/, publishes: 'container' },
  { label: 'docker buildx --push', re: /\bdocker\s+buildx\s+(?:build|bake)\b[^\n]*--push\b/, publishes: 'container' },
  { label: 'dotnet nuget push', re: /\bdotnet\s+nuget\s+push\b/, publishes: 'nuget' },
  { label: 'mvn deploy', re: /\bmvn\b[^\n]*\bdeploy\b/, publishes: 'maven' },
  { label: 'goreleaser release', re: /\bgoreleaser\s+release\b/, publishes: 'github-release', permissions: ['contents', 'id-token', 'packages'] },
  { label: 'anaconda upload', re: /\banaconda\b[^\n]*\bupload\b/, publishes: 'conda' },
  { label: 'git push', re: /\bgit\s+push\b/, permissions: ['contents'] },
  { label: 'gh api write', re: /\bgh\s+api\b[^\n]*(?:-X|--method)\s*(?:POST|PATCH|PUT|DELETE)\b[^\n]*\/(?:releases|git\/refs)/, permissions: ['contents'] },
  { label: 'gh pr create', re: /\bgh\s+pr\s+(?:create|merge|edit|comment)\b/, permissions: ['pull-requests', 'contents'] },
  { label: 'cosign', re: /\bcosign\s+(?:sign|attest)/, signs: true, permissions: ['id-token'] },
  { label: 'sigstore sign', re: /\bsigstore\s+sign\b/, signs: true, permissions: ['id-token'] },
  { label: 'gh attestation', re: /\bgh\s+attestation\s/, signs: true, permissions: ['id-token'] },
  { label: 'OIDC token request', re: /ACTIONS_ID_TOKEN_REQUEST/, permissions: ['id-token'] },
  // package scripts and make targets named for a release: what they run is in a file the gate
  // does not read, so they are opaque (the job's permissions cannot be judged unused)
  { label: 'release script', re: /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?[\w:-]*(?:publish|release|deploy)[\w:-]*\b/, opaque: true, permissions: ['id-token'] },
  { label: 'make release', re: /\bmake\s+(?:[\w-]+\s+)*[\w-]*(?:release|publish|deploy|upload)[\w-]*\b/, opaque: true },
]

/** github-script calls that write through the token: `github.rest.<api>.<method>`. */
export const GITHUB_SCRIPT_WRITES: Array<{ re: RegExp; scope: Scope }> = [
  { re: /\brepos\.(?:createRelease|updateRelease|deleteRelease|uploadReleaseAsset|createOrUpdateFileContents|createRef|updateRef|deleteRef|merge|createCommitStatus)\b/, scope: 'contents' },
  { re: /\bgit\.(?:createRef|updateRef|deleteRef|createTag|createCommit|createTree|createBlob)\b/, scope: 'contents' },
  { re: /\bpulls\.(?:create|update|merge|createReview|requestReviewers)\b/, scope: 'pull-requests' },
  { re: /\bissues\.(?:create|update|createComment|addLabels|removeLabel|lock)\b/, scope: 'issues' },
  { re: /\bgetIDToken\s*\(/, scope: 'id-token' },
  { re: /\b(?:actions\.(?:createWorkflowDispatch|reRunWorkflow|cancelWorkflowRun|deleteArtifact))\b/, scope: 'actions' },
  { re: /\bpackages\.(?:delete|restore)\w*/, scope: 'packages' },
  { re: /\brepos\.createDeployment\w*/, scope: 'deployments' },
]

/**
 * GitHub-hosted runner labels. Standard images (docs.github.com, "GitHub-hosted runners"),
 * and the names GitHub's larger runners are usually given: an organisation names its larger
 * runners itself, so these are patterns (`ubuntu-24.04-xl`, `ubuntu-latest-4-cores`,
 * `linux-arm-large`, `github-windows-2025-x86_64-8`). A job on one of them is not
 * self-hosted; `RUNNER_ENVIRONMENT` inside the job is the final word for the running job.
 */
export const HOSTED_RUNNERS: RegExp[] = [
  /^(?:ubuntu-(?:latest|slim|\d{2}\.\d{2})(?:-arm)?|windows-(?:latest|\d{4}|11-arm)(?:-vs\d{4})?|macos-(?:latest|\d+)(?:-(?:large|xlarge|intel|arm64))?)$/i,
  /^(?:ubuntu|windows|linux|macos)(?:-[\w.]+)*-(?:xl|xxl|large|xlarge|\d+-?cores?|\d+core|gpu|arm64|x64|arm)$/i,
  /^github-(?:ubuntu|windows|linux|macos)(?:-[\w.]+)*$/i,
]

/**
 * Third-party runner services: self-hosted as far as GitHub is concerned (their machines, not
 * GitHub's). Named so the message can say which service it is.
 */
export const RUNNER_SERVICES: Array<{ re: RegExp; service: string }> = [
  { re: /^depot-/i, service: 'Depot' },
  { re: /^blacksmith-/i, service: 'Blacksmith' },
  { re: /^namespace-profile-/i, service: 'Namespace' },
  { re: /^(?:runs-on|runs-on=)/i, service: 'RunsOn' },
  { re: /^buildjet-/i, service: 'BuildJet' },
  { re: /^warp-/i, service: 'WarpBuild' },
  { re: /^ubicloud/i, service: 'Ubicloud' },
  { re: /^cirrus-/i, service: 'Cirrus Runners' },
]

/** The facts of an action, sub-action first (`actions/cache/restore`), then its repository. */
export function actionFacts(name: string | undefined): ActionFacts | undefined {
  if (!name) return undefined
  const n = name.toLowerCase()
  const own = ACTIONS[n]
  if (own) return own
  const repo = n.split('/').slice(0, 2).join('/')
  return repo !== n ? ACTIONS[repo] : undefined
}
