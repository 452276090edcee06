import { describe, expect, it } from '@jest/globals'
import { readRunContext } from '../../src/context/runner.js'

describe('the run context', () => {
  it("takes the API from GITHUB_API_URL, else from the server's own name", () => {
    expect(readRunContext({ GITHUB_SERVER_URL: 'https://octocorp.ghe.com', GITHUB_API_URL: 'https://api.octocorp.ghe.com' }).apiUrl).toBe('https://api.octocorp.ghe.com')
    expect(readRunContext({ GITHUB_SERVER_URL: 'https://octocorp.ghe.com' }).apiUrl).toBe('https://api.octocorp.ghe.com')
    expect(readRunContext({ GITHUB_SERVER_URL: 'https://ghes.example.com' }).apiUrl).toBe('https://ghes.example.com/api/v3')
    expect(readRunContext({}).apiUrl).toBe('https://api.github.com')
  })
})
