import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, { error: "That email address is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));

/**
 * Length is what makes a password strong (NIST SP 800-63B); we also refuse the very common ones
 * and passwords made of a single kind of character, which guessing tools try first.
 */
export const passwordSchema = z
  .string({ error: "Choose a password." })
  .min(12, { error: "Use at least 12 characters." })
  .max(128, { error: "Use at most 128 characters." })
  .refine((value) => !/^(?:[a-z]+|[A-Z]+|\d+)$/.test(value), {
    error: "Mix letters with numbers or symbols, or use a longer passphrase.",
  })
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), {
    error: "That password is too common. Choose another.",
  });

const COMMON_PASSWORDS = new Set([
  "password1234",
  "password12345",
  "password123!",
  "123456789abc",
  "qwerty123456",
  "qwertyuiop12",
  "iloveyou1234",
  "letmein12345",
  "welcome12345",
  "admin1234567",
  "changeme1234",
]);

export const nameSchema = z
  .string()
  .trim()
  .max(80, { error: "Use at most 80 characters." })
  .transform((value) => value || undefined)
  .optional();

export const signUpSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;
