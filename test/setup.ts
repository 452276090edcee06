// Tests talk to loopback only: any other connection from the test process fails loudly.
import net from 'node:net'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

const realFetch = globalThis.fetch
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  if (!LOOPBACK.test(url.hostname.replace(/^\[|\]$/g, ''))) {
    throw new Error(`test network guard: refused a request to ${url.hostname}`)
  }
  return realFetch(input, init)
}) as typeof fetch

const realConnect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string
  const host = typeof first === 'object' && first !== null ? (first.path ? 'localhost' : (first.host ?? 'localhost')) : typeof args[1] === 'string' ? args[1] : 'localhost'
  if (!LOOPBACK.test(String(host).replace(/^\[|\]$/g, ''))) throw new Error(`test network guard: refused a connection to ${host}`)
  return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof net.Socket.prototype.connect
