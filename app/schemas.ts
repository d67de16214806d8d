// Form schemas shared by actions and pages (no server-only imports here).
import { z } from "zod";
import { canonicalEmail, EMAIL_MAX_LENGTH } from "../lib/email";
import { ROLE_DESCRIPTIONS, ROLES } from "../lib/roles";
import { cleanLine } from "../lib/text";
import { passwordProblem, PASSWORD_MIN_LENGTH } from "../lib/security/password-policy";

/** Highest first, as the role pickers list them. */
export const ROLE_VALUES = [...ROLES].reverse() as unknown as readonly ["admin", "editor", "viewer"];
export const ROLE_LABELS = ROLE_DESCRIPTIONS;

/** A person's name: bidi overrides, invisible and control characters removed, spaces collapsed. */
export const nameField = z
  .string()
  .transform(cleanLine)
  .pipe(z.string().min(1, "Enter a name.").max(200, "Use at most 200 characters."));
const name = nameField;

/**
 * An e-mail address, internationalised ones included (анна@пример.рф), in its one stored form
 * (NFC, lower-case, Unicode domain; see lib/email.ts).
 */
export function emailField(required = "Enter an e-mail address.") {
  return z
    .string()
    .trim()
    .min(1, required)
    .max(EMAIL_MAX_LENGTH, `Use at most ${EMAIL_MAX_LENGTH} characters.`)
    .transform((value, ctx) => {
      const canonical = canonicalEmail(value);
      if (canonical) return canonical;
      ctx.addIssue({ code: "custom", message: "Enter a valid e-mail address, such as name@example.org." });
      return z.NEVER;
    });
}
const email = emailField();

/** A new password with its confirmation, checked against the policy (length, common lists, e-mail). */
function withNewPassword<T extends z.ZodRawShape>(shape: T, field = "password") {
  return z
    .object({ ...shape, [field]: z.string(), confirm: z.string() })
    .superRefine((v: Record<string, unknown>, ctx) => {
      const pw = String(v[field] ?? "");
      const problem = passwordProblem(pw, { email: typeof v.email === "string" ? v.email : undefined });
      if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
      else if (pw !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords differ." });
    });
}

export const setupSchema = withNewPassword({ name, email });
export const inviteAcceptSchema = withNewPassword({ name, email: z.string().optional() });
export const profileNameSchema = z.object({ name });
export const changePasswordSchema = withNewPassword({ current: z.string().min(1, "Enter your current password.") }, "password");
export const inviteSchema = z.object({ email, role: z.enum(ROLE_VALUES, { message: "Choose a role." }) });
export const roleSchema = z.object({ role: z.enum(ROLE_VALUES, { message: "Choose a role." }) });
export const totpCodeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code.") });

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`;
