import { generateToken } from "../security/tokens";

const TOKEN_PREFIX = "nst_";

/** A new personal API token: "nst_" and 32 random bytes, base64url. */
export function generateApiToken(): string {
  return generateToken(TOKEN_PREFIX);
}

/** The start of a token, shown beside its name so people can tell tokens apart. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
