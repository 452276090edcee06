/** The issuer, API and token-service hosts the gate pins for each kind of GitHub server. */
import { describe, expect, it } from '@jest/globals'
import { acceptedIssuer, defaultApiUrl, gheComSubdomain, pinnedIssuer, requestUrlAllowed } from '../../src/resolve/oidc.js'

describe('what each server pins', () => {
  it.each([
    ['https://github.com', 'https://token.actions.githubusercontent.com', 'https://api.github.com'],
    ['https://octocorp.ghe.com', 'https://token.actions.octocorp.ghe.com', 'https://api.octocorp.ghe.com'],
    ['https://ghes.example.com', 'https://ghes.example.com/_services/token', 'https://ghes.example.com/api/v3'],
    // a GHES host that merely ends in ghe.com-like text is a GHES host
    ['https://ghe.com.example.net', 'https://ghe.com.example.net/_services/token', 'https://ghe.com.example.net/api/v3'],
    ['https://a.b.ghe.com', 'https://a.b.ghe.com/_services/token', 'https://a.b.ghe.com/api/v3'],
  ])('%s: issuer %s, API %s', (server, issuer, api) => {
    expect(pinnedIssuer(server)).toBe(issuer)
    expect(defaultApiUrl(server)).toBe(api)
  })

  it('reads the GHE.com subdomain only from a single label under ghe.com', () => {
    expect(gheComSubdomain('https://octocorp.ghe.com')).toBe('octocorp')
    expect(gheComSubdomain('https://ghe.com')).toBeUndefined()
    expect(gheComSubdomain('https://-x.ghe.com')).toBeUndefined()
    expect(gheComSubdomain('not a url')).toBeUndefined()
  })

  it.each([
    // [request URL, server, allowed]
    ['https://pipelinesghubeus6.actions.githubusercontent.com/x/idtoken', 'https://github.com', true],
    ['https://octocorp.ghe.com/x', 'https://github.com', false],
    ['https://pipelines.actions.octocorp.ghe.com/x/idtoken', 'https://octocorp.ghe.com', true],
    ['https://pipelinesghubeus6.actions.githubusercontent.com/x/idtoken', 'https://octocorp.ghe.com', true],
    ['https://docs.octocorp.pages.octocorp.ghe.com/x', 'https://octocorp.ghe.com', false],
    ['https://pages.octocorp.ghe.com/x', 'https://octocorp.ghe.com', false],
    ['https://pipelines.actions.other.ghe.com/x', 'https://octocorp.ghe.com', false],
    ['https://ghes.example.com/_services/pipelines/x', 'https://ghes.example.com', true],
    ['https://pipelines.actions.githubusercontent.com/x', 'https://ghes.example.com', false],
  ])('request URL %s on %s: %s', (url, server, ok) => {
    expect(requestUrlAllowed(url, server)).toBe(ok)
  })

  it.each([
    ['https://token.actions.githubusercontent.com', 'https://github.com', 'https://token.actions.githubusercontent.com'],
    ['https://token.actions.githubusercontent.com/octo-inc', 'https://github.com', 'https://token.actions.githubusercontent.com/octo-inc'],
    ['https://token.actions.octocorp.ghe.com/octo-inc', 'https://octocorp.ghe.com', 'https://token.actions.octocorp.ghe.com/octo-inc'],
    ['https://token.actions.githubusercontent.com/octo-inc', 'https://octocorp.ghe.com', undefined],
    ['https://token.actions.githubusercontent.com/octo_inc', 'https://github.com', undefined],
    ['https://token.actions.githubusercontent.com//octo-inc', 'https://github.com', undefined],
    ['https://token.actions.githubusercontent.com/octo-inc/', 'https://github.com', 'https://token.actions.githubusercontent.com/octo-inc'],
    ['HTTPS://TOKEN.actions.githubusercontent.com', 'https://github.com', undefined],
    ['https://ghes.example.com/_services/token/octo-inc', 'https://ghes.example.com', undefined],
  ])('iss %s on %s is read as %s', (iss, server, issuer) => {
    expect(acceptedIssuer(iss, server)).toBe(issuer)
  })
})
