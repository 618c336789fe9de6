// Security headers on every HTTP answer (helmet): a content security policy that lets GraphiQL run from
// this server's own files only, no framing, no MIME sniffing, no referrer beyond this origin.
import helmet from "helmet";

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        // GraphiQL's editor sets style attributes
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    // GraphiQL is served over plain HTTP on loopback: HSTS belongs to the TLS proxy in front
    strictTransportSecurity: false,
  });
}
