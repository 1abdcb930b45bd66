// next-auth's Prisma adapter, with the tokens of linked accounts sealed before they are stored:
// the GitHub OAuth token a person signs in with can act on their repositories, so it is kept
// like a secret's value (AES-256-GCM with the secrets key) and opened only where Nightshift asks
// GitHub on their behalf (server/auth/github-token.ts). Sessions are JWTs, so next-auth itself
// never reads these tokens back.
import type { Adapter, AdapterAccount } from "next-auth/adapters";
import type { Env } from "../env";
import { sealValue } from "../secrets/secrets";

export function sealingAdapter(adapter: Adapter, env: Env): Adapter {
  const linkAccount = adapter.linkAccount?.bind(adapter);
  return {
    ...adapter,
    linkAccount: linkAccount ? (account) => linkAccount(sealedAccount(account, env)) : undefined,
  };
}

export function sealedAccount(account: AdapterAccount, env: Env): AdapterAccount {
  const seal = (value: string | undefined) => (value ? sealValue(value, env) : value);
  return {
    ...account,
    access_token: seal(account.access_token),
    refresh_token: seal(account.refresh_token),
    id_token: seal(account.id_token),
  };
}
