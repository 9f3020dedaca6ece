// Types of strict-csp.mjs, which the web-test-runner config (plain JS) and the test both import.
export declare const STRICT_CSP_PAGE: string;
export declare function strictCsp(signalingUrl: string): string;
export declare function strictCspMiddleware(signalingUrl: string): (ctx: unknown, next: () => Promise<void>) => Promise<void>;
