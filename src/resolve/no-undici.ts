/**
 * What the bundles carry in place of undici (tsconfig.json maps the module here; ncc follows
 * that map). @actions/http-client and @actions/github import undici for their proxy
 * dispatcher and fetch (`getAgentDispatcher`, `getOctokit`'s default fetch), which the gate
 * never calls: its requests go over node:http through http-client's agents (./http.ts), the
 * fetch under Octokit is ours (./octokit.ts). Bundled, undici was half of the REST chunk and
 * most of the time to load it (its evaluation pulls in http2, worker threads, web streams and
 * more), inside every online run's first request. Anything that reaches for it fails loudly.
 * Tests run against the real package (jest does not read the map).
 */
const absent = (what: string): never => {
  throw new Error(`undici's ${what} is not part of release-gate's bundle: the gate's requests go through node:http (src/resolve/http.ts)`)
}

export class ProxyAgent {
  constructor() {
    absent('ProxyAgent')
  }
}

export function fetch(): never {
  return absent('fetch')
}
