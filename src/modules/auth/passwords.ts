// Passwords as ThreatHunt stores them: bcrypt ($2b$, passlib's default of 12 rounds), so that a user made
// here logs in to ThreatHunt and one made there logs in here.
import bcrypt from "bcryptjs";
import { badInput } from "../../shared/errors";

const ROUNDS = 12;

/** A bcrypt hash of the empty password: compared against when the user does not exist, so that timing does not tell. */
const DUMMY_HASH = "$2b$12$pgfHk2U9/K5ERVwByXRepepO/mDT.Qs2EdlGhcOFGdcpfmpA5.QDm";

function checkPasswordRules(password: string): void {
  if (password.length < 8) throw badInput("the password must have at least 8 characters", "password");
  // bcrypt reads only the first 72 bytes: a longer password would match any with the same start
  if (Buffer.byteLength(password, "utf8") > 72) throw badInput("the password must be at most 72 bytes (bcrypt's limit)", "password");
}

export function hashPassword(password: string): Promise<string> {
  checkPasswordRules(password);
  return bcrypt.hash(password, ROUNDS);
}

/** Whether `password` matches `hash`; `hash` null (no such user) costs the same time and never matches. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && matches;
}
