import { z } from "zod";

/** The development sign-in form; checked in the form's action and again in authorize(). */
export const devSignInSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email: z.email("Enter an email address, like ada@example.com").trim().toLowerCase().max(254),
});

export type DevSignInInput = z.infer<typeof devSignInSchema>;
