/**
 * The catalogue: what release-gate knows of the world, as data. Which actions and commands
 * publish, to which registry; which token permissions they use; which cache they restore and
 * through which input; which inputs run code; which runner labels are GitHub's own.
 *
 * Rules never name an action themselves: they ask the helpers in `actions.ts` and
 * `publish.ts`, which read these tables. To teach the gate a new action, add an entry here
 * (with the source of the fact in a comment) and a fixture that shows it.
 */

export type Registry = 'pypi' | 'npm' | 'crates' | 'rubygems' | 'container' | 'github-release' | 'nuget' | 'maven' | 'conda' | 'gemfury' | 'cloudsmith' | 'winget' | 'other'

/** Token scopes a step can use (`permissions:` keys). */
export type Scope =
  | 'id-token'
  | 'contents'
  | 'packages'
  | 'attestations'
  | 'artifact-metadata'
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
  /**
   * The input's text matches. A value written as an expression may match, unless `literal`:
   * then only the pattern decides (it says itself which expressions may match).
   */
  | { input: string; matches: RegExp; literal?: boolean }
  | { all: When[] }
  | { any: When[] }

export interface PermissionUse {
  scope: Scope
  when?: When
}

/**
 * When an action's cache is on if nothing switches it. By major version of the action (first
 * match wins; no match means `on`): `on` restores on every event, `off` never, `conditional`
 * when a file of the repository says so (a warning). `skips` lists the occasions on which an
 * `on` default stays off: an event name, or `push:tag` for a tag push (setup-uv v10+).
 */
export interface CacheDefault {
  /** A major (`5`) or `major.minor` (`'3.1'`), inclusive. */
  from?: number | string
  to?: number | string
  is: 'on' | 'off' | 'conditional'
  skips?: string[]
}

/** An input that, when true, makes the step restore nothing — unless one of `unlessSet` is given. */
export type OptOut = string | { input: string; unlessSet: string[] }

/** How an action restores a cache, and what switches it. */
export interface CacheFacts {
  /** The cache, in words: "the Go module cache"; `$value` is replaced by the switch's value. */
  what: string
  /**
   * The input that switches it. Absent (and no `env`): the action always restores
   * (actions/cache), unless an opt-out says otherwise.
   */
  input?: string
  /**
   * How the input is read. `boolean`: true is on, false is off, any other value (setup-uv's
   * `auto`) leaves the default; `string`: on when non-empty and not false (`cache: pip`);
   * `exact`: the values listed in `values` turn it on or off, any other value leaves the default.
   */
  kind?: 'boolean' | 'string' | 'exact'
  values?: { on: string[]; off: string[] }
  /**
   * An environment variable that switches the cache on when truthy, read from the workflow's,
   * the job's and the steps' `env:` and from `NAME=… >> $GITHUB_ENV` in the job's scripts
   * (sccache's `SCCACHE_GHA_ENABLED`). Off when never set.
   */
  env?: string
  /** The input's value that means "the default" (named in messages: `enable-cache: auto`). */
  defaultValue?: string
  defaults?: CacheDefault[]
  /** Inputs that, when true, make the step restore nothing (`lookup-only`, `cache-disabled`). */
  optOut?: OptOut[]
  /** Inputs that, when false, make the step restore nothing (setup-uv `restore-cache: false`). */
  optOutWhenFalse?: string[]
  /** Why a `conditional` default may restore, said exactly ("when pixi.lock exists"). */
  conditionalWhy?: string
  /** Inputs that, when false, turn a default cache off (`package-manager-cache: false`). */
  offWhenFalse?: string[]
  /**
   * The step restores anything only when this holds (setup-buildx-action downloads, and so
   * caches, buildx only when `version:` is given).
   */
  onlyWhen?: When
  /** What to change, said exactly. */
  off: string
  /**
   * Directories the action saves to the cache at the end of the job (its post step), where
   * anyone who can run a workflow of the repository can restore them: a secret written there
   * leaves the job.
   */
  saves?: string[]
}

/** Where an action sends files off the runner: the input naming them, and what they become. */
export interface UploadFacts {
  /** The input holding the paths (newline- or comma-separated, globs allowed). */
  input: string
  to: 'artifact' | 'cache' | 'release asset' | 'Pages site'
  /** Saved by the action's post step at the end of the job, so files written later count too. */
  atEnd?: boolean
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
  /** Sends the files an input names off the runner (an artifact, a cache, a release asset). */
  uploads?: UploadFacts
}

/** attest's storage record for an image pushed to a registry (its action.yml). */
const STORAGE_RECORD: When = { all: [{ set: 'push-to-registry' }, { notFalse: 'create-storage-record' }] }

/** docker/bake-action pushes: `push: true`, or a registry output given through `set:`. */
const BAKE_PUSH: When = {
  any: [
    { set: 'push' },
    { input: 'set', matches: /type=registry|\bpush\s*=\s*true\b|\boutput\s*=\s*\$\{\{/i, literal: true },
    // the bake file (not read) sets the output; a target named for publishing is read as pushing
    // (dependabot-core's `updater-core-publish`)
    { input: 'targets', matches: /(?:^|[\s,_.:-])(?:publish|push|release)(?:[\s,_.:-]|$)/i, literal: true },
  ],
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
  // uploads wheels to the scientific-python-nightly-wheels channel on anaconda.org (its action.yml)
  'scientific-python/upload-nightly-action': { publishes: { registry: 'conda' }, credentials: ['anaconda_nightly_upload_token'] },
  // --- npm
  'js-devtools/npm-publish': { publishes: { registry: 'npm' }, permissions: [{ scope: 'id-token' }], credentials: ['token'] },
  // changesets publishes only when `publish:` is given; it opens the version PR otherwise
  'changesets/action': {
    publishes: { registry: 'npm', when: { set: 'publish' } },
    permissions: [{ scope: 'id-token', when: { set: 'publish' } }, { scope: 'contents' }, { scope: 'pull-requests' }],
    bot: 'changesets',
  },
  'changesets/action/publish': { publishes: { registry: 'npm' }, permissions: [{ scope: 'id-token' }, { scope: 'contents' }] },
  // covector's action runs `covector <command>` (its packages/action); `publish`, and
  // `version-or-publish` when no change files are pending, run the publish commands of
  // .changes/config.json: npm, crates.io, or any other registry (read here as npm, its first)
  'jbolda/covector/packages/action': {
    publishes: { registry: 'npm', when: { input: 'command', matches: /^\s*(?:version-or-publish|publish)\s*$/ } },
    permissions: [{ scope: 'contents' }, { scope: 'id-token', when: { input: 'command', matches: /^\s*(?:version-or-publish|publish)\s*$/ } }],
  },
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
  // bake-action v1-v7: pushes with `push: true`, or when `set:` gives a target a registry
  // output (`*.output=type=registry`, `*.push=true`, `output=type=image,push=true`); an output
  // set from an expression may be one (its README, "inputs"). A whole `set:` written as one
  // expression (`${{ matrix.overrides }}`, buildx's own e2e tests) is not read as pushing
  'docker/bake-action': {
    publishes: { registry: 'container', when: BAKE_PUSH },
    permissions: [{ scope: 'packages', when: BAKE_PUSH }],
  },
  // the matrix sub-action only lists the bake file's targets
  'docker/bake-action/subaction/matrix': {},
  // they set a container repository's description (its README) on Docker Hub or Quay with a
  // registry credential; no image is published (their READMEs)
  'peter-evans/dockerhub-description': { credentials: ['password'] },
  'christian-korneck/update-container-description-action': {},
  'docker/login-action': { permissions: [{ scope: 'packages', when: { input: 'registry', matches: GITHUB_PACKAGES } }], credentials: ['password'] },
  'redhat-actions/push-to-registry': {
    publishes: { registry: 'container' },
    permissions: [{ scope: 'packages', when: { input: 'registry', matches: GITHUB_PACKAGES } }],
    credentials: ['password'],
  },
  'actions/publish-immutable-action': { publishes: { registry: 'container' }, permissions: [{ scope: 'id-token' }, { scope: 'packages' }] },
  // --- GitHub Releases
  'softprops/action-gh-release': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }], uploads: { input: 'files', to: 'release asset' } },
  'ncipollo/release-action': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }], uploads: { input: 'artifacts', to: 'release asset' } },
  'actions/create-release': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }] },
  'actions/upload-release-asset': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }], uploads: { input: 'asset_path', to: 'release asset' } },
  'svenstaro/upload-release-action': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }], uploads: { input: 'file', to: 'release asset' } },
  'marvinpinto/action-automatic-releases': { publishes: { registry: 'github-release' }, permissions: [{ scope: 'contents' }], uploads: { input: 'files', to: 'release asset' } },
  // winget-releaser opens a pull request to microsoft/winget-pkgs with a personal access token (`token`)
  'vedantmgoyal9/winget-releaser': { publishes: { registry: 'winget' }, credentials: ['token'] },
  // --- package repositories: Cloudsmith's action pushes with `command: push` (its README);
  // its CLI action logs in by OIDC (`oidc-namespace`) or with an API key
  'cloudsmith-io/action': { publishes: { registry: 'cloudsmith', when: { input: 'command', matches: /^\s*push\b/ } }, credentials: ['api-key'] },
  'cloudsmith-io/cloudsmith-cli-action': { oidc: true, permissions: [{ scope: 'id-token', when: { set: 'oidc-namespace' } }], credentials: ['api-key'] },
  // goreleaser signs with cosign (keyless) and may push images, depending on its config file
  // jreleaser/release-action runs `jreleaser full-release` by default
  'jreleaser/release-action': { publishes: { registry: 'maven' }, permissions: [{ scope: 'contents' }] },
  // publishes when its args run `release` or only flags (goreleaser releases by default), not
  // `check`, `build` or `--snapshot`
  'goreleaser/goreleaser-action': {
    publishes: {
      registry: 'github-release',
      when: { all: [{ any: [{ unset: 'args' }, { input: 'args', matches: /^\s*(?:release\b|-)/ }] }, { any: [{ unset: 'args' }, { input: 'args', matches: /^(?![\s\S]*--snapshot)/ }] }] },
    },
    permissions: [{ scope: 'contents' }, { scope: 'id-token' }, { scope: 'packages' }],
  },
  'googleapis/release-please-action': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }, { scope: 'issues' }], bot: 'release-please' },
  'google-github-actions/release-please-action': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }, { scope: 'issues' }], bot: 'release-please' },
  // --- pushes to the repository
  'mislav/bump-homebrew-formula-action': { permissions: [{ scope: 'contents' }] },
  'stefanzweifel/git-auto-commit-action': { permissions: [{ scope: 'contents' }] },
  'ad-m/github-push-action': { permissions: [{ scope: 'contents' }] },
  'yyx990803/release-tag': { permissions: [{ scope: 'contents' }] },
  'peter-evans/create-pull-request': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }] },
  // --- signing and attestations
  // v3+ (actions/attest v3+): with `push-to-registry: true` a storage record is written for the
  // image (`create-storage-record`, default true), which takes `artifact-metadata: write`
  'actions/attest-build-provenance': { signs: true, permissions: [{ scope: 'id-token' }, { scope: 'attestations' }, { scope: 'artifact-metadata', when: STORAGE_RECORD }] },
  'actions/attest': { signs: true, permissions: [{ scope: 'id-token' }, { scope: 'attestations' }, { scope: 'artifact-metadata', when: STORAGE_RECORD }] },
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
  'github/codeql-action/autobuild': {},
  'zizmorcore/zizmor-action': { permissions: [{ scope: 'security-events', when: { notFalse: 'advanced-security' } }] },
  // --- repository bots: issues, labels, stale threads
  'actions/labeler': { permissions: [{ scope: 'pull-requests' }, { scope: 'issues' }] },
  'github/issue-labeler': { permissions: [{ scope: 'issues' }] },
  'actions/stale': { permissions: [{ scope: 'issues' }, { scope: 'pull-requests' }] },
  'dessant/lock-threads': { permissions: [{ scope: 'issues' }, { scope: 'pull-requests' }, { scope: 'discussions' }] },
  'actions/first-interaction': { permissions: [{ scope: 'issues' }, { scope: 'pull-requests' }] },
  'amannn/action-semantic-pull-request': {},
  'anthropics/claude-code-action': { permissions: [{ scope: 'contents' }, { scope: 'pull-requests' }, { scope: 'issues' }, { scope: 'id-token' }] },
  'codspeedhq/action': { permissions: [{ scope: 'id-token' }] },
  'ossf/scorecard-action': { permissions: [{ scope: 'id-token', when: { notFalse: 'publish_results' } }, { scope: 'security-events' }] },
  // --- pages
  'actions/deploy-pages': { permissions: [{ scope: 'pages' }, { scope: 'id-token' }] },
  // the site it uploads is public once deployed
  'actions/upload-pages-artifact': { uploads: { input: 'path', to: 'Pages site' } },
  // --- actions that run an input as code (template-injection sinks). The first ones are
  // CodeQL's `code-injection` sink models for Actions (github/codeql,
  // actions/ql/lib/ext/manual/*.model.yml); the others run their input through a shell, an
  // interpreter or a container, as their READMEs say.
  'actions/github-script': { sinks: ['script'] },
  'azure/cli': { sinks: ['inlineScript'] },
  'azure/powershell': { sinks: ['inlineScript'] },
  'mikefarah/yq': { sinks: ['cmd'] },
  'devorbitus/yq-action-output': { sinks: ['cmd'] },
  'appleboy/ssh-action': { sinks: ['script'] },
  'amadevus/pwsh-script': { sinks: ['script'] },
  'jannekem/run-python-script-action': { sinks: ['script'] },
  'cardinalby/js-eval-action': { sinks: ['expression'] },
  'garygrossgarten/github-action-ssh': { sinks: ['command'] },
  'nick-fields/retry': { sinks: ['command', 'on_retry_command', 'new_command_on_retry'] },
  'nick-invision/retry': { sinks: ['command', 'on_retry_command', 'new_command_on_retry'] },
  'wandalen/wretry.action': { sinks: ['command'] },
  // docker-run style: a command run inside a container or a virtual machine
  'addnab/docker-run-action': { sinks: ['run'] },
  'kohlerdominik/docker-run-action': { sinks: ['run'] },
  'uraimo/run-on-arch-action': { sinks: ['run', 'install'] },
  'pguyot/arm-runner-action': { sinks: ['commands'] },
  'cross-platform-actions/action': { sinks: ['run'] },
  'vmactions/freebsd-vm': { sinks: ['run', 'prepare'] },
  'vmactions/openbsd-vm': { sinks: ['run', 'prepare'] },
  'vmactions/netbsd-vm': { sinks: ['run', 'prepare'] },
  'vmactions/solaris-vm': { sinks: ['run', 'prepare'] },
  'vmactions/dragonflybsd-vm': { sinks: ['run', 'prepare'] },
  'vmactions/omnios-vm': { sinks: ['run', 'prepare'] },
  // --- caches. Each fact is read from the action's own action.yml (and source, where the
  // default depends on the run) at the tags named; a SHA pin without a version comment is read
  // at its most dangerous version, as a warning.
  // actions/cache v1-v5: always restores; `lookup-only: true` (v3.3+) only checks the key
  // its post step saves `path:` at the end of the job (actions/cache/save at the step)
  'actions/cache': { cache: { what: 'a cache', optOut: ['lookup-only'], off: 'Remove the cache step from the release jobs.' }, uploads: { input: 'path', to: 'cache', atEnd: true } },
  'actions/cache/restore': { cache: { what: 'a cache', optOut: ['lookup-only'], off: 'Remove the cache step from the release jobs.' } },
  'actions/cache/save': { uploads: { input: 'path', to: 'cache' } },
  // setup-python v1-v7, setup-java v1-v5, setup-dotnet v3-v6: `cache:` has no default
  // saves: pip's, pipenv's and poetry's cache directories on Linux (its docs, "Caching packages")
  'actions/setup-python': { cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache:`.', saves: ['~/.cache/pip', '~/.cache/pipenv', '~/.cache/pypoetry'] }, readOnly: true },
  'actions/setup-java': { cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache:`.', saves: ['~/.m2/repository', '~/.gradle/caches', '~/.gradle/wrapper', '~/.sbt', '~/.ivy2/cache'] }, readOnly: true },
  'actions/setup-dotnet': { cache: { what: 'the NuGet package cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'off' }], off: 'Remove `cache:`.' }, readOnly: true },
  'actions/setup-node': {
    // v5+: caches by default when package.json names a `packageManager` (its README)
    // saves: npm's, yarn's and pnpm's caches on Linux (its docs, "Caching global packages data")
    cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ to: 4, is: 'off' }, { is: 'conditional' }], conditionalWhy: 'from v5, when package.json names a `packageManager`', offWhenFalse: ['package-manager-cache'], off: 'Remove `cache:` and set `package-manager-cache: false`.', saves: ['~/.npm', '~/.cache/yarn', '~/.yarn/berry/cache', '~/.local/share/pnpm/store', '~/.cache/pnpm'] },
    readOnly: true,
    permissions: [{ scope: 'packages', when: { input: 'registry-url', matches: GITHUB_PACKAGES } }],
  },
  // setup-go v3: `cache` defaults to false; v4+: true
  // it saves GOMODCACHE and GOCACHE (~/go/pkg/mod, ~/.cache/go-build on Linux)
  'actions/setup-go': { cache: { what: 'the Go module cache', input: 'cache', kind: 'boolean', defaults: [{ to: 3, is: 'off' }, { is: 'on' }], off: 'Set `cache: false`.', saves: ['~/go/pkg/mod', '~/.cache/go-build'] }, readOnly: true },
  // setup-ruby: `bundler-cache` defaults to false
  'ruby/setup-ruby': { cache: { what: 'the bundler cache', input: 'bundler-cache', kind: 'boolean', defaults: [{ is: 'off' }], off: 'Set `bundler-cache: false`.', saves: ['vendor/bundle'] } },
  'astral-sh/setup-uv': {
    // v1-v4: `enable-cache` defaults to false. v5-v9: `auto`, on whenever the runner is
    // GitHub-hosted, on every event. v10+: `auto` skips release, tag pushes,
    // pull_request_target and workflow_run (src/utils/inputs.ts at each tag). v7+:
    // `restore-cache: false` restores nothing.
    cache: {
      what: 'the uv cache',
      input: 'enable-cache',
      kind: 'boolean',
      defaultValue: 'auto',
      defaults: [{ to: 4, is: 'off' }, { from: 5, to: 9, is: 'on' }, { is: 'on', skips: ['release', 'push:tag', 'pull_request_target', 'workflow_run'] }],
      optOutWhenFalse: ['restore-cache'],
      off: 'Set `enable-cache: false`.',
      // UV_CACHE_DIR: $RUNNER_TEMP/setup-uv-cache from v5, uv's default before
      saves: ['$RUNNER_TEMP/setup-uv-cache', '~/.cache/uv'],
    },
    readOnly: true,
  },
  // rust-cache v1-v2: always restores; `lookup-only: true` (v2.7+) only checks the key
  // it saves ~/.cargo/{bin,registry,git} and target/ at the end of the job (its README)
  'swatinem/rust-cache': { cache: { what: 'the Cargo cache', optOut: ['lookup-only'], off: 'Remove the step from the release jobs.', saves: ['~/.cargo/bin', '~/.cargo/registry', '~/.cargo/git', 'target'] } },
  // setup-rust-toolchain v1: `cache` defaults to true (it runs rust-cache)
  'actions-rust-lang/setup-rust-toolchain': { cache: { what: 'the Cargo cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'on' }], off: 'Set `cache: false`.', saves: ['~/.cargo/bin', '~/.cargo/registry', '~/.cargo/git', 'target'] } },
  // mise-action v2+: `cache` defaults to true
  'jdx/mise-action': { cache: { what: 'the mise cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'on' }], off: 'Set `cache: false`.' } },
  // setup-pixi: `cache` defaults to true when pixi.lock exists (its action.yml)
  'prefix-dev/setup-pixi': { cache: { what: 'the pixi environment cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'conditional' }], conditionalWhy: 'when pixi.lock exists', off: 'Set `cache: false`.' } },
  // gradle/actions v3-v6 (setup-gradle), gradle-build-action v2: always restores;
  // `cache-disabled: true` and `cache-write-only: true` restore nothing
  'gradle/actions': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled', 'cache-write-only'], off: 'Set `cache-disabled: true`.', saves: ['~/.gradle/caches', '~/.gradle/wrapper'] } },
  'gradle/actions/setup-gradle': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled', 'cache-write-only'], off: 'Set `cache-disabled: true`.', saves: ['~/.gradle/caches', '~/.gradle/wrapper'] } },
  'gradle/gradle-build-action': { cache: { what: 'the Gradle cache', optOut: ['cache-disabled', 'cache-write-only'], off: 'Set `cache-disabled: true`.', saves: ['~/.gradle/caches', '~/.gradle/wrapper'] } },
  // setup-bun v0.1.2+: restores the Bun binary from the cache; `no-cache: true` (v1.2+) does not
  'oven-sh/setup-bun': { cache: { what: 'a cached Bun binary', optOut: ['no-cache'], off: 'Set `no-cache: true`.' } },
  // mlugg/setup-zig v1: always restores; v1.2+: `use-cache` defaults to true
  'mlugg/setup-zig': { cache: { what: 'the Zig cache', input: 'use-cache', kind: 'boolean', defaults: [{ is: 'on' }], off: 'Set `use-cache: false`.' } },
  // goto-bus-stop/setup-zig (archived): `cache` defaults to true
  'goto-bus-stop/setup-zig': { cache: { what: 'the Zig cache', input: 'cache', kind: 'boolean', defaults: [{ is: 'on' }], off: 'Set `cache: false`.' } },
  // setup-graalvm v1: `cache` (maven, gradle, sbt) has no default
  'graalvm/setup-graalvm': { cache: { what: 'the $value cache', input: 'cache', kind: 'string', defaults: [{ is: 'off' }], off: 'Remove `cache:`.' } },
  // setup-buildx-action v3.1+: `cache-binary` defaults to true; the binary is downloaded (and
  // so cached) only when `version:` is given — GitHub's runners ship buildx (src/main.ts)
  'docker/setup-buildx-action': {
    cache: { what: 'a cached buildx binary', input: 'cache-binary', kind: 'boolean', defaults: [{ to: '3.0', is: 'off' }, { is: 'on' }], onlyWhen: { set: 'version' }, off: 'Set `cache-binary: false`, or remove `version:` to use the runner\'s buildx.' },
  },
  // maturin-action v1: `sccache` defaults to false; when true, every compile reads GitHub's cache
  'pyo3/maturin-action': {
    // `command: upload` / `publish` uploads to PyPI, by trusted publishing unless MATURIN_PYPI_TOKEN is set
    publishes: { registry: 'pypi', when: { input: 'command', matches: /^\s*(?:upload|publish)\b/ } },
    permissions: [{ scope: 'id-token', when: { input: 'command', matches: /^\s*(?:upload|publish)\b/ } }],
    cache: { what: 'the sccache compiler cache', input: 'sccache', kind: 'boolean', defaults: [{ is: 'off' }], off: 'Set `sccache: false` in the release build.' },
  },
  // sccache-action v0.0.x installs sccache; its builds read GitHub's cache when
  // SCCACHE_GHA_ENABLED is set (its README)
  'mozilla-actions/sccache-action': { cache: { what: 'the sccache compiler cache', env: 'SCCACHE_GHA_ENABLED', defaults: [{ is: 'off' }], off: 'Do not set `SCCACHE_GHA_ENABLED` in the release jobs.' } },
  // ccache-action v1: always restores; `restore: false` (v1.2.10+) does not
  'hendrikmuhs/ccache-action': { cache: { what: 'the ccache compiler cache', optOutWhenFalse: ['restore'], off: 'Set `restore: false`, or remove the step.' } },
  // composer-install v1-v3: always restores the Composer cache; `ignore-cache: true` (v2+) does not
  'ramsey/composer-install': { cache: { what: 'the Composer cache', optOut: ['ignore-cache'], off: 'Set `ignore-cache: true`.' } },
  // magic-nix-cache v1-v8: `use-gha-cache` defaults to true; v9+: `no-preference`, on when
  // GitHub's cache is available; `enabled`/`true` on, `disabled`/`false` off
  'determinatesystems/magic-nix-cache-action': {
    cache: { what: 'the Nix store cache', input: 'use-gha-cache', kind: 'exact', values: { on: ['true', 'enabled'], off: ['false', 'disabled'] }, defaults: [{ is: 'on' }], off: 'Set `use-gha-cache: disabled`, or remove the step.' },
  },
  // cache-nix-action v1-v7: always restores; `lookup-only: true` restores nothing only when no
  // `restore-prefixes-*` is given (they restore on a miss)
  'nix-community/cache-nix-action': {
    cache: { what: 'the Nix store cache', optOut: [{ input: 'lookup-only', unlessSet: ['restore-prefixes-first-match', 'restore-prefixes-all-matches'] }], off: 'Remove the step from the release jobs.' },
  },
  // cache-apt-pkgs-action v1: always restores the packages into the root file system
  'awalsh128/cache-apt-pkgs-action': { cache: { what: 'cached APT packages', off: 'Install the packages with `apt-get` instead.' } },
  // --- read-only setup steps (run nothing of the repository's)
  'actions/checkout': { readOnly: true },
  'actions/download-artifact': { readOnly: true },
  'step-security/harden-runner': { readOnly: true },
  // --- known to need no write scope of the job's token (an empty entry means "known")
  'actions/upload-artifact': { uploads: { input: 'path', to: 'artifact' } },
  'dawidd6/action-download-artifact': { readOnly: true },
  're-actors/alls-green': {},
  'pypa/cibuildwheel': {},
  'docker/setup-qemu-action': {},
  'docker/metadata-action': {},
  'dtolnay/rust-toolchain': {},
  'pnpm/action-setup': {},
  'conda-incubator/setup-miniconda': {},
  'mamba-org/setup-micromamba': {},
  'pre-commit/action': {},
  // `use_oidc: true` (v4+) authenticates to Codecov with the job's OIDC token (its README)
  'codecov/codecov-action': { oidc: true, permissions: [{ scope: 'id-token', when: { set: 'use_oidc' } }] },
  'slackapi/slack-github-action': {},
}

/**
 * Context paths whose text an outsider chooses (GitHub's webhook payloads), in lower case:
 * the runner reads context names case-insensitively. Matched against a whole path.
 */
export const ATTACKER_CONTEXTS: RegExp[] = [
  /^github\.event\.(issue|pull_request|discussion)\.(title|body)$/,
  /^github\.event\.(comment|review|review_comment)\.body$/,
  /^github\.event\.pull_request\.head\.(ref|label)$/,
  /^github\.event\.pull_request\.head\.repo\.(default_branch|description|name|full_name|homepage)$/,
  /^github\.head_ref$/,
  /^github\.event\.(commits\.\*|commits\.\d+|head_commit|merge_group\.head_commit)\.(message|author\.(name|email)|committer\.(name|email))$/,
  /^github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(name|email)|committer\.(name|email))|head_repository\.(description|name|full_name))$/,
  /^github\.event\.workflow_run\.pull_requests\.(\*|\d+)\.head\.ref$/,
  /^github\.event\.pages\.(\*|\d+)\.page_name$/,
  /^github\.event\.(issue|pull_request|discussion)\.labels\.(\*|\d+)\.name$/,
  /^github\.event\.label\.name$/,
  // repository_dispatch: whatever the sender put in the payload
  /^github\.event\.client_payload(\..*)?$/,
]

/**
 * Whole objects that hold attacker text (`toJSON(github.event)`, `github.event.pull_request`):
 * expanding one expands every field in it.
 */
export const ATTACKER_OBJECTS: RegExp =
  /^github(\.event(\.(pull_request(\.head(\.repo)?|\.labels)?|issue(\.labels)?|discussion|comment|review|review_comment|head_commit|commits(\.(\*|\d+))?|merge_group(\.head_commit)?|workflow_run(\.head_commit|\.head_repository|\.pull_requests(\.(\*|\d+)(\.head)?)?)?|pages(\.(\*|\d+))?|label))?)?$/

/**
 * The top-level `github.event` keys each event outsiders can start carries (docs.github.com,
 * "Webhook events and payloads"). Attacker text under another key is null on that event: a
 * pull request's title in an `issue_comment` run is empty. `github.head_ref` is set only on
 * pull request events. Events not listed are read as carrying everything.
 */
export const EVENT_PAYLOAD_KEYS: Record<string, string[]> = {
  pull_request_target: ['action', 'number', 'pull_request', 'label', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise', 'assignee', 'requested_reviewer', 'requested_team', 'milestone', 'before', 'after'],
  workflow_run: ['action', 'workflow_run', 'workflow', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  issue_comment: ['action', 'issue', 'comment', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  issues: ['action', 'issue', 'label', 'changes', 'assignee', 'milestone', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  pull_request_review: ['action', 'review', 'pull_request', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  pull_request_review_comment: ['action', 'comment', 'pull_request', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  discussion: ['action', 'discussion', 'label', 'answer', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
  discussion_comment: ['action', 'discussion', 'comment', 'changes', 'repository', 'sender', 'organization', 'installation', 'enterprise'],
}

/** Events on which `github.head_ref` is set (read generously: the review events too). */
export const HEAD_REF_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])

/** Can this event carry text at this context path? */
export function eventCarries(event: string, path: string): boolean {
  const p = path.toLowerCase()
  if (p === 'github.head_ref') return HEAD_REF_EVENTS.has(event)
  const keys = EVENT_PAYLOAD_KEYS[event]
  const m = /^github\.event\.([^.[]+)/.exec(p)
  if (!keys || !m) return true
  return keys.includes(m[1])
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
  /** Flags that make the line a rehearsal that publishes nothing (`goreleaser release --snapshot`). */
  rehearsal?: RegExp
  /** A line that also matches this publishes where only the project's maintainers see it (a draft release). */
  unseen?: RegExp
}

/**
 * Shell commands, matched against `run:` lines with `\` continuations joined. Patterns must stay
 * linear on a line of any length: a gap between a command's name and its verb may not run over
 * another occurrence of the name (`(?:(?!\bmvn\b)[^\n])*`, not `[^\n]*`), or a line repeating
 * the name costs quadratic time. test/adversarial/slow-input.test.ts holds every pattern to it.
 */
export const COMMANDS: CommandFacts[] = [
  { label: 'yarn publish', re: /\byarn\s+(?:npm\s+)?publish\b/, publishes: 'npm', permissions: ['id-token'] },
  // `pnpm --filter @scope/pkg publish`, `pnpm -r publish`, `npm publish --provenance`
  { label: 'npm publish', re: /\b(?:npm|pnpm)\s+(?:(?!p?npm\b)[\w=@/.:-]+\s+)*publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'bun publish', re: /\bbun\s+publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'lerna publish', re: /\blerna\s+publish\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'nx release', re: /\bnx\s+release\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'changeset publish', re: /\bchangeset\s+publish\b/, publishes: 'npm', permissions: ['id-token'] },
  { label: 'release-it', re: /\brelease-it\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  // `np` (sindresorhus/np), only where a command starts: the word is too short to find elsewhere
  { label: 'np', re: /(?:^|[;&|(]\s*|\bnpx\s+)np(?:\s|$)/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'covector publish', re: /\bcovector\s+publish\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  // napi-rs: `napi pre-publish` (`prepublish` before v3) publishes each platform package with
  // `npm publish` and creates a GitHub Release unless `--no-gh-release` (its CLI docs)
  { label: 'napi pre-publish', re: /\bnapi\s+pre-?publish\b/, publishes: 'npm', permissions: ['id-token', 'contents'] },
  { label: 'choco push', re: /\bchoco(?:\.exe)?\s+push\b/, publishes: 'other' },
  // Gemfury takes uploads at push.fury.io (its "Upload packages" guide) or through `fury push`
  { label: 'Gemfury push', re: /\bcurl\b(?:(?!\bcurl\b)[^\n])*\bpush\.fury\.io\b|\bfury\s+push\b/, publishes: 'gemfury' },
  { label: 'cloudsmith push', re: /\bcloudsmith\s+(?:push|upload)\b/, publishes: 'cloudsmith' },
  // an invocation (`npx semantic-release`, `semantic-release` as a command), not a package
  // name (`pip uninstall python-semantic-release`, `@semantic-release/git`)
  {
    label: 'semantic-release',
    re: /(?:^|[;&|(]\s*|\b(?:npx|pnpx|bunx|yarn|pnpm|pnpm\s+exec|pnpm\s+dlx|npm\s+exec)\s+(?:-\S*\s+)*)semantic-release(?![\w/-])/,
    publishes: 'npm', permissions: ['id-token', 'contents', 'issues', 'pull-requests'],
    bot: 'semantic-release',
  },
  { label: 'twine upload', re: /\btwine\s+upload\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'uv publish', re: /\buv\s+publish\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'python publish', re: /\b(?:poetry|flit|hatch|pdm)\s+publish\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'maturin publish', re: /\bmaturin\s+(?:publish|upload)\b/, publishes: 'pypi', permissions: ['id-token'] },
  { label: 'cargo publish', re: /\bcargo\s+(?:(?!cargo\b)[\w=+-]+\s+)*publish\b/, publishes: 'crates', permissions: ['id-token'] },
  { label: 'gem push', re: /\bgem\s+push\b/, publishes: 'rubygems', permissions: ['id-token'] },
  { label: 'rake release', re: /\b(?:bundle\s+exec\s+)?rake\s+release\b/, publishes: 'rubygems', permissions: ['id-token', 'contents'] },
  // a draft release is seen by maintainers only; publishing it later (`gh release edit --draft=false`) is a release
  { label: 'gh release', re: /\bgh\s+release\s+(?:create|upload|edit)\b/, publishes: 'github-release', permissions: ['contents'], unseen: /\bgh\s+release\s+create\b(?:(?!\bgh\s+release\b)[^\n])*\s(?:-d|--draft)(?:=true)?(?:\s|$)|\bgh\s+release\s+create\b(?:(?!\bgh\s+release\b)[^"'\n]|"[^"\n]*"|'[^'\n]*')*\s(?:-d|--draft)(?:=true)?["']/ },
  { label: 'gh release delete', re: /\bgh\s+release\s+delete\b/, permissions: ['contents'] },
  {
    label: 'push to GitHub Packages',
    re: /\b(?:docker|podman)\s+(?:image\s+)?(?:push|login)\b|\b(?:npm|pnpm|yarn|gem|mvnw?|gradlew?)\b(?:(?!\b(?:npm|pnpm|yarn|gem|mvnw?|gradlew?)\b)[^\n])*\b(?:publish|push|deploy)\b|\b(?:dotnet\s+)?nuget\s+push\b/,
    permissions: ['packages'],
    scriptAlso: /\b(?:ghcr\.io|docker\.pkg\.github\.com|npm\.pkg\.github\.com|rubygems\.pkg\.github\.com|nuget\.pkg\.github\.com|maven\.pkg\.github\.com)\b|\$\{\{\s*env\.REGISTRY|\$REGISTRY\b/i,
  },
  { label: 'docker push', re: /\b(?:docker|podman)\s+(?:image\s+)?push\b/, publishes: 'container' },
  // `docker buildx build --push`, `docker build --push` (buildx as the default builder), `--output type=registry`
  { label: 'docker buildx --push', re: /\bdocker\s+(?:buildx\s+)?(?:build|bake)\b(?:(?!\bdocker\b)[^\n])*(?:--push\b|\bpush=true\b|\btype=registry\b)/, publishes: 'container' },
  { label: 'nuget push', re: /\b(?:dotnet\s+)?nuget(?:\.exe)?\s+push\b/, publishes: 'nuget' },
  // `mvn deploy`, `./mvnw -B deploy`, `mvn release:perform` (deploys the tagged build)
  { label: 'mvn deploy', re: /\bmvnw?(?:\.cmd)?\b(?:(?!\bmvnw?\b)[^\n])*(?:\bdeploy\b|\brelease:perform\b)/, publishes: 'maven' },
  // Gradle publishing tasks: `publish`, `:lib:publishAllPublicationsToMavenCentralRepository`,
  // `publishPlugins` (the plugin portal); `publishToMavenLocal` only writes ~/.m2
  { label: 'gradle publish', re: /\bgradlew?(?:\.bat)?\s(?:(?:(?!\bgradlew?\b)[^\n])*\s)?(?::[\w-]+)*:?publish(?!ToMavenLocal\b)\w*\b/, publishes: 'maven' },
  // JReleaser: the CLI, its Maven plugin and its Gradle tasks
  { label: 'jreleaser', re: /\bjreleaser(?:\s+|:)(?:full-release|release|deploy|publish)\b|\bjreleaser(?:FullRelease|Release|Deploy|Publish)\b/, publishes: 'maven', permissions: ['contents'], rehearsal: /-Djreleaser\.dry\.run=true\b/ },
  // `goreleaser release`, or goreleaser run with flags only (it releases by default)
  {
    label: 'goreleaser release',
    re: /\bgoreleaser\s+(?:release\b|--(?:clean|rm-dist|parallelism|timeout)\b)/,
    publishes: 'github-release',
    permissions: ['contents', 'id-token', 'packages'],
    rehearsal: /--snapshot\b|--skip[= ](?:(?:(?!--skip)[^\s,])*,)*publish\b|--skip-publish\b/,
  },
  { label: 'anaconda upload', re: /\banaconda\b(?:(?!\banaconda\b)[^\n])*\bupload\b/, publishes: 'conda' },
  { label: 'git push', re: /\bgit\s+push\b/, permissions: ['contents'] },
  { label: 'gh api write', re: /\bgh\s+api\b(?:(?!\bgh\s+api\b)[^\n])*(?:-X|--method)\s*(?:POST|PATCH|PUT|DELETE)\b(?:(?!(?:-X|--method)\s*(?:POST|PATCH|PUT|DELETE)\b)[^\n])*\/(?:releases|git\/refs)/, permissions: ['contents'] },
  { label: 'gh issue', re: /\bgh\s+issue\s+(?:create|edit|comment|close|reopen|lock|unlock|delete|transfer|pin|unpin)\b/, permissions: ['issues'] },
  { label: 'gh label', re: /\bgh\s+label\s+(?:create|edit|delete|clone)\b/, permissions: ['issues'] },
  // `gh api` and `curl` to the API with the job's token: which scope they use is in the URL
  // and method, which the gate does not model; the step is opaque
  { label: 'gh api', re: /\bgh\s+api\b/, opaque: true },
  { label: 'gh pr create', re: /\bgh\s+pr\s+(?:create|merge|edit|comment)\b/, permissions: ['pull-requests', 'contents'] },
  { label: 'cosign', re: /\bcosign\s+(?:sign|attest)/, signs: true, permissions: ['id-token'] },
  { label: 'sigstore sign', re: /\bsigstore\s+sign\b/, signs: true, permissions: ['id-token'] },
  { label: 'gh attestation', re: /\bgh\s+attestation\s/, signs: true, permissions: ['id-token'] },
  { label: 'OIDC token request', re: /ACTIONS_ID_TOKEN_REQUEST/, permissions: ['id-token'] },
  // package scripts and make targets named for a release: which token scopes they use is not
  // modelled, so they are opaque (the job's permissions cannot be judged unused). Whether a
  // package script publishes is read from package.json (scripts.ts)
  { label: 'release script', re: /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?[\w:-]*(?:publish|release|deploy)[\w:-]*\b/, opaque: true, permissions: ['id-token'] },
  // a script of the repository's own (`./scripts/release.sh`, `python tools/publish.py`): what it
  // does is in a file the gate does not read
  { label: 'a repository script', re: /(?:^|[;&|(]\s*|\b(?:bash|sh|zsh|python3?|node|ruby|pwsh|perl|deno|bun)\s+)(?:\.{1,2}\/|(?:scripts?|tools|bin|ci|\.github)\/)[\w./-]+/, opaque: true },
  { label: 'rake task', re: /\brake\s+[\w:-]*(?:release|push|publish|deploy)[\w:-]*/, opaque: true },
  { label: 'make release', re: /\bmake\s+(?:(?!make\b)[\w-]+\s+)*[\w-]*(?:release|publish|deploy|upload)[\w-]*\b/, opaque: true },
]

/**
 * Environment variables publishing tools read a registry credential from: the registry, and its
 * name in messages. maturin reads MATURIN_PYPI_TOKEN, or MATURIN_PASSWORD with
 * MATURIN_USERNAME=__token__ (its docs); npm, pnpm and yarn read NODE_AUTH_TOKEN through the
 * `.npmrc` setup-node writes, NPM_TOKEN through a project's own `.npmrc`.
 */
export const CREDENTIAL_ENV: Array<{ re: RegExp; registry: Registry; name: string }> = [
  { re: /^(TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_\w+|HATCH_INDEX_AUTH|FLIT_PASSWORD|PDM_PUBLISH_PASSWORD|MATURIN_PYPI_TOKEN|MATURIN_PASSWORD|PYPI_(API_)?TOKEN)$/i, registry: 'pypi', name: 'PyPI' },
  { re: /^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|YARN_NPM_AUTH_TOKEN|NPM_CONFIG__AUTH(TOKEN)?)$/i, registry: 'npm', name: 'npm' },
  { re: /^(CARGO_REGISTRY_TOKEN|CARGO_REGISTRIES_CRATES_IO_TOKEN)$/i, registry: 'crates', name: 'crates.io' },
  { re: /^(GEM_HOST_API_KEY|RUBYGEMS_API_KEY|RUBYGEMS_AUTH_TOKEN)$/i, registry: 'rubygems', name: 'RubyGems' },
  { re: /^(NUGET_API_KEY|NUGET_AUTH_TOKEN)$/i, registry: 'nuget', name: 'NuGet' },
  // the Cloudsmith CLI reads CLOUDSMITH_API_KEY; Cloudsmith takes a workflow's OIDC token instead
  // (cloudsmith-io/cloudsmith-cli-action `oidc-namespace`, Cloudsmith's "OIDC" docs)
  { re: /^CLOUDSMITH_API_KEY$/i, registry: 'cloudsmith', name: 'Cloudsmith' },
]

/**
 * Package scripts (`npm run release`). A package manager's own subcommands are not scripts:
 * after `yarn` and `pnpm` any other word names a script (`yarn release` runs scripts.release;
 * their docs, "yarn run" and "pnpm run": the `run` may be left out). npm and bun run a script
 * only through `run` (npm also `run-script`, `rum`, `urn`). Flags listed in `withValue` take the
 * next word as their value.
 */
export const PACKAGE_MANAGERS: Record<'npm' | 'pnpm' | 'yarn' | 'bun', { run: string[]; builtins?: Set<string>; withValue: Set<string> }> = {
  npm: { run: ['run', 'run-script', 'rum', 'urn'], withValue: new Set(['--prefix', '-w', '--workspace', '--userconfig', '--registry', '--cache', '--loglevel']) },
  bun: { run: ['run'], withValue: new Set(['--cwd', '-F', '--filter', '--config', '-c']) },
  pnpm: {
    run: ['run', 'run-script'],
    builtins: new Set(
      'add install i update up upgrade remove rm uninstall un link ln unlink import rebuild rb prune fetch patch patch-commit patch-remove audit list ls ll la outdated why licenses exec dlx create env setup store publish pack recursive multi m server root bin config c get set init deploy doctor test t start restart stop help self-update cat-file cat-index find-hash approve-builds ignored-builds catalog version login logout adduser dedupe install-test it'.split(' '),
    ),
    withValue: new Set(['-C', '--dir', '-F', '--filter', '--workspace-root', '--reporter', '--loglevel', '--config']),
  },
  yarn: {
    run: ['run'],
    builtins: new Set(
      'add audit autoclean bin cache check config create dedupe dlx exec explain generate-lock-entry global help import info init install licenses link list login logout node npm outdated owner pack patch patch-commit plugin policies publish rebuild remove run set tag team test unlink unplug up upgrade upgrade-interactive version versions why workspace workspaces constraints search stage'.split(' '),
    ),
    withValue: new Set(['--cwd', '--modules-folder', '--registry', '--cache-folder', '--mutex']),
  },
}

/**
 * Script names read as publishing when the step can publish to a registry (a registry token in
 * its environment, `id-token: write` on its job for npm trusted publishing, or a registry set
 * up by `actions/setup-node` with `registry-url`) and what the script runs cannot be read (no package.json, one that cannot be read, or a script that
 * runs a file of the repository's): `release`, and any name with `publish` as a part
 * (`ci:publish`, the changesets convention; vite's `ci-publish`; `publish:all`). `release:`
 * names are not: CI runs `release:check`, `release:notes`, `release:manifest` with tokens for
 * private installs.
 */
export const RELEASE_SCRIPT_NAMES = /^(?:release|(?:[\w-]*[:_-])?publish(?:[:_-][\w:-]*)?)$/i

/**
 * Files of the repository's read as publishing when run where they can publish and the gate
 * does not read them: a part of the path is `publish` or `release` (`scripts/ui_release.sh`,
 * `.github/scripts/publish-if-needed.sh`, `scripts/release/run.sh`; not `./goreleaser`).
 */
export const RELEASE_FILE_NAMES = /(?:^|[/._-])(?:publish|release)(?:[/._-]|$)/i

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

/**
 * Environment variables that change how code is loaded or whom the job trusts: set in a
 * workflow, on the gate's job or on one of its steps, they let code that is not in the
 * workflow run inside the gate's own process (or the publisher's) before either decides.
 * `when`: the value must match for the variable to matter (NODE_OPTIONS also carries memory
 * sizes); a value written as an expression always matters. Sources: node(1) "Environment",
 * ld.so(8), bash(1) "INVOCATION", python(1), perlrun(1), ruby(1), git-config(1)
 * "ENVIRONMENT", the runner's OIDC and results variables.
 */
export interface LoadingVar {
  /** The name, or a pattern for families (`GIT_CONFIG_KEY_0`). Matched case-insensitively. */
  name: string | RegExp
  /** What it does, in words, for the message. */
  does: string
  when?: RegExp
}

export const LOADING_ENV: LoadingVar[] = [
  { name: 'NODE_OPTIONS', does: 'makes every Node.js process, the gate included, load a module first', when: /(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader|--env-file|--env-file-if-exists)\b/ },
  { name: 'NODE_PATH', does: 'changes where Node.js finds modules' },
  { name: 'NODE_EXTRA_CA_CERTS', does: 'makes Node.js trust another certificate authority, so the gate\'s API answers can be forged' },
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', does: 'turns off certificate checks in Node.js, so the gate\'s API answers can be forged', when: /^\s*0\s*$/ },
  { name: 'LD_PRELOAD', does: 'loads a shared library into every process' },
  { name: 'LD_LIBRARY_PATH', does: 'changes where every process finds its shared libraries' },
  { name: 'LD_AUDIT', does: 'loads a shared library into every process' },
  { name: /^DYLD_(?:INSERT_LIBRARIES|LIBRARY_PATH|FRAMEWORK_PATH)$/i, does: 'loads or redirects shared libraries on macOS' },
  { name: 'BASH_ENV', does: 'makes every `bash` step source a file first (the runner runs `run:` with a non-interactive bash)' },
  { name: 'ENV', does: 'makes `sh` source a file first', when: /[/~$]|\.(?:sh|bash|rc)\b/ },
  { name: 'PYTHONSTARTUP', does: 'makes Python run a file first' },
  { name: 'PYTHONPATH', does: 'changes where Python finds modules (a `sitecustomize.py` there runs first)' },
  { name: 'PYTHONHOME', does: 'changes where Python finds its standard library' },
  { name: 'PYTHONUSERBASE', does: 'changes where Python finds user site-packages (`.pth` files there run first)' },
  { name: 'PERL5OPT', does: 'makes Perl load a module first' },
  { name: 'PERL5LIB', does: 'changes where Perl finds modules' },
  { name: 'PERLLIB', does: 'changes where Perl finds modules' },
  { name: 'RUBYOPT', does: 'makes Ruby load a library first' },
  { name: 'RUBYLIB', does: 'changes where Ruby finds libraries' },
  { name: /^(?:JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS)$/i, does: 'makes the JVM load an agent or change its class path' },
  { name: /^GIT_CONFIG_(?:COUNT|PARAMETERS|GLOBAL|SYSTEM|KEY_\d+|VALUE_\d+)$/i, does: 'sets git configuration (`core.fsmonitor`, `core.hooksPath` run programs)' },
  { name: /^GIT_(?:EXEC_PATH|SSH_COMMAND|SSH|ASKPASS|PROXY_COMMAND)$/i, does: 'makes git run another program' },
  { name: /^ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN)$/i, does: 'replaces the runner\'s OIDC endpoint, so signed claims can be forged' },
  { name: /^ACTIONS_(?:RUNTIME_URL|RUNTIME_TOKEN|RESULTS_URL|CACHE_URL)$/i, does: 'redirects the runner\'s artifact and cache service' },
]

/** The catalogue entry for an environment variable's name and value, if it changes how code loads. */
export function loadingVar(name: string, value: string): LoadingVar | undefined {
  const upper = name.toUpperCase()
  for (const v of LOADING_ENV) {
    const hit = typeof v.name === 'string' ? v.name === upper : v.name.test(name)
    if (!hit) continue
    if (v.when && !value.includes('${{') && !v.when.test(value)) return undefined
    return v
  }
  return undefined
}

/**
 * Services a secret belongs to, by its name: sending `SLACK_WEBHOOK` to `hooks.slack.com` is
 * its use, sending `PYPI_TOKEN` there is a leak. Shared hosting is never allowed as such
 * (anyone can own a Slack webhook or an S3 bucket); only a secret named for the service.
 */
export const SECRET_SERVICES: Array<{ secret: RegExp; host: RegExp }> = [
  { secret: /COVERALLS/i, host: /^(?:[\w-]+\.)?coveralls\.io$/i },
  { secret: /SLACK/i, host: /^hooks\.slack\.com$/i },
  { secret: /DISCORD/i, host: /^(?:discord\.com|discordapp\.com)$/i },
  { secret: /TEAMS|WEBHOOK_OFFICE/i, host: /\.webhook\.office\.com$/i },
  { secret: /CODECOV/i, host: /^(?:api\.)?codecov\.io$/i },
  // Gemfury's push, API and repository hosts (`push.fury.io`, `api.fury.io`, `<account>.fury.io`)
  { secret: /FURY/i, host: /^(?:[\w-]+\.)*fury\.io$/i },
  { secret: /CLOUDSMITH/i, host: /^(?:api|upload)\.cloudsmith\.io$/i },
  // incident and social-post services that bot workflows call with their own key
  { secret: /PAGERDUTY/i, host: /^(?:api|events)\.pagerduty\.com$/i },
  { secret: /TYPEFULLY/i, host: /^api\.typefully\.com$/i },
]

/**
 * Container registries, by host, and whether they take a workflow's OIDC token (federation)
 * instead of a stored password: a stored password for one that does is an error, for one that
 * does not (Docker Hub, Quay) a warning. Sources: AWS "amazon-ecr-login", Google "Workload
 * Identity Federation", Azure "OpenID Connect" docs.
 */
export const CONTAINER_REGISTRIES: Array<{ host: RegExp; name: string; oidc: boolean; fix?: string }> = [
  { host: /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$|^public\.ecr\.aws$/i, name: 'Amazon ECR', oidc: true },
  { host: /(?:^|\.)(?:gcr\.io|[a-z0-9-]+-docker\.pkg\.dev)$/i, name: 'Google Artifact Registry', oidc: true },
  { host: /\.azurecr\.io$/i, name: 'Azure Container Registry', oidc: true },
  { host: /^ghcr\.io$/i, name: 'GitHub Container Registry', oidc: true, fix: 'Log in with `${{ secrets.GITHUB_TOKEN }}` and give the job `packages: write`; delete the stored token.' },
  { host: /^(?:(?:registry-1\.|index\.)?docker\.io|)$/i, name: 'Docker Hub', oidc: false },
]

/** The container registry a `docker login` target names (Docker Hub when none). */
export function containerRegistry(host: string): { name: string; oidc: boolean; fix?: string } | undefined {
  const h = host.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '')
  return CONTAINER_REGISTRIES.find((r) => r.host.test(h))
}

/**
 * The hosts each registry's publishing endpoint answers on: where a step that publishes there
 * sends its credential (PyPI's legacy upload API, the npm registry, crates.io's API, …).
 * `other` is Chocolatey's push endpoint. GitHub Packages' endpoint for each protocol counts as
 * that registry's (`npm.pkg.github.com` takes an npm token). GitHub's own hosts are `GITHUB_HOSTS`.
 */
export const REGISTRY_HOSTS: Record<Registry, RegExp> = {
  pypi: /^(?:upload\.|test\.)?pypi\.org$/i,
  npm: /^(?:registry\.(?:npmjs\.org|yarnpkg\.com)|npm\.pkg\.github\.com)$/i,
  crates: /^crates\.io$/i,
  rubygems: /^(?:rubygems\.org|rubygems\.pkg\.github\.com)$/i,
  nuget: /^(?:(?:api|www)\.nuget\.org|nuget\.pkg\.github\.com)$/i,
  container: /^(?:(?:[\w-]+\.)*docker\.(?:io|com)|quay\.io|ghcr\.io|docker\.pkg\.github\.com|[\w-]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com|public\.ecr\.aws|(?:[\w-]+\.)?gcr\.io|[a-z0-9-]+-docker\.pkg\.dev|[\w-]+\.azurecr\.io)$/i,
  'github-release': /^(?:api\.|uploads\.)?github\.com$/i,
  maven: /^(?:(?:[\w-]+\.)*central\.sonatype\.com|(?:s01\.)?oss\.sonatype\.org|maven\.pkg\.github\.com)$/i,
  conda: /^(?:api\.)?anaconda\.org$/i,
  gemfury: /^(?:[\w-]+\.)*fury\.io$/i,
  cloudsmith: /^(?:api|upload)\.cloudsmith\.io$/i,
  // winget-releaser opens its pull request through GitHub's API
  winget: /^api\.github\.com$/i,
  other: /^(?:push|community)\.chocolatey\.org$/i,
}

/** Registries a secret is named for (`PYPI_API_TOKEN`, `NPM_TOKEN`, `DOCKERHUB_TOKEN`): it belongs there and nowhere else. */
export const REGISTRY_SECRETS: Array<{ secret: RegExp; registry: Registry }> = [
  { secret: /PYPI|TWINE|FLIT|MATURIN|UV_PUBLISH|POETRY/i, registry: 'pypi' },
  { secret: /NPM|YARN|NODE_AUTH/i, registry: 'npm' },
  { secret: /CARGO|CRATES/i, registry: 'crates' },
  { secret: /RUBYGEMS|GEM_HOST/i, registry: 'rubygems' },
  { secret: /NUGET/i, registry: 'nuget' },
  { secret: /DOCKER|QUAY/i, registry: 'container' },
  { secret: /SONATYPE|OSSRH|MAVEN_CENTRAL/i, registry: 'maven' },
  { secret: /ANACONDA|CONDA/i, registry: 'conda' },
  { secret: /CHOCO/i, registry: 'other' },
  { secret: /FURY/i, registry: 'gemfury' },
  { secret: /CLOUDSMITH/i, registry: 'cloudsmith' },
]

/**
 * GitHub's own hosts: where the job token and other GitHub tokens (a PAT, an app's token) go.
 * `*.githubusercontent.com` is not among them: anyone can serve a file there.
 */
export const GITHUB_HOSTS = /^(?:(?:api\.|uploads\.)?github\.com|ghcr\.io|(?:npm|maven|nuget|rubygems|docker)\.pkg\.github\.com)$/i
