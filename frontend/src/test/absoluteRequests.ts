// The API client builds requests with relative URLs ("/api/v1/..."), which a browser resolves against the page
// but Node's Request refuses. For component tests, Request resolves them against the test document's URL.
// It must run before the client module is created (it keeps the Request class it finds): test files load it
// with `await vi.hoisted(() => import("../../test/absoluteRequests"))` (the path from the test file to src/test/).
const NodeRequest = globalThis.Request;

class AbsoluteRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === "string" ? new URL(input, globalThis.location?.href ?? "http://localhost/") : input, init);
  }
}

globalThis.Request = AbsoluteRequest as typeof Request;

export {};
