export default ({ env }: { env: any }) => ({
  // Behind a reverse proxy that terminates TLS: trust X-Forwarded-* for secure cookies and client IPs.
  proxy: env.bool('IS_PROXIED', true),
});
