import { CredentialsSignin } from "next-auth";
import { upsertDevUser } from "../users/upsert-dev-user";
import { type AdmissionList, checkAdmission } from "./admission";
import { devSignInSchema } from "./schemas";

/** Refusals; `code` reaches the sign-in form, which turns it into a message. */
export class InvalidDevSignIn extends CredentialsSignin {
  override code = "invalid_input";
}
export class NotAdmitted extends CredentialsSignin {
  override code = "not_admitted";
}

/** The development sign-in: valid name and email, admitted by the list; the user is created on first sign-in. */
export async function authorizeDevSignIn(credentials: unknown, list: AdmissionList) {
  const input = devSignInSchema.safeParse(credentials);
  if (!input.success) throw new InvalidDevSignIn();
  if (!checkAdmission({ email: input.data.email }, list).isAdmitted) throw new NotAdmitted();
  return upsertDevUser(input.data);
}
