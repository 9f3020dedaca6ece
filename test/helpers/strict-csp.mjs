// The strictest Content-Security-Policy the elements are meant to work under, for the page of
// test/components/strict-csp.test.ts. The test runner's own pages cannot carry it (they run
// inline scripts), so it is sent with that one page only.
export const STRICT_CSP_PAGE = '/test/components/strict-csp/page.html';

/** The policy: nothing inline, scripts and styles from the page's origin only, and the signaling server. */
export function strictCsp(signalingUrl) {
  const { host } = new URL(signalingUrl);
  return ["default-src 'self'", "script-src 'self'", "style-src 'self'", `connect-src 'self' http://${host} ws://${host}`].join('; ');
}

/** web-test-runner middleware that sends the policy with the strict-CSP page. */
export function strictCspMiddleware(signalingUrl) {
  const policy = strictCsp(signalingUrl);
  return async (ctx, next) => {
    await next();
    if (ctx.path === STRICT_CSP_PAGE) ctx.set('Content-Security-Policy', policy);
  };
}
