/**
 * Refuses passwords that appear on breach lists or follow their patterns. Passwords shorter than
 * 12 characters are refused anyway, so the list keeps the long ones and the checks below catch
 * the usual padding of a common word with digits and symbols ("Password2024!").
 */
const COMMON = new Set(
  [
    "123456789012", "1234567890123", "12345678901234", "123456789123", "123123123123", "111111111111",
    "000000000000", "121212121212", "123321123321", "147258369147", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "q1w2e3r4t5y6", "qwertyuiopas", "qwerty123456", "qwertyuiop12", "qwertyuiop123", "1234qwerasdf",
    "asdfghjkl123", "zxcvbnm12345", "qazwsxedcrfv", "qwerasdfzxcv", "password1234", "password12345",
    "password123456", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "iloveyou1234", "iloveyou123456",
    "letmein12345", "welcome12345", "welcome123456", "administrator", "administrator1", "changeme1234",
    "trustno1trustno1", "monkey123456", "dragon123456", "football1234", "baseball1234", "sunshine1234",
    "princess1234", "superman1234", "batman123456", "starwars1234", "michael12345", "jennifer1234",
    "whatever1234", "computer1234", "internet1234", "master123456", "shadow123456", "qwertyqwerty",
    "abcdefghijkl", "abcdefghijklm", "abcd1234abcd", "abc123abc123", "aaaaaaaaaaaa", "thisismypassword",
    "mypassword123", "mypassword1234", "correcthorsebatterystaple", "passwordpassword", "12345678910",
    "123456789a", "1234567890qwerty", "qwertyuiopasdfghjkl", "zaq12wsxcde3", "1qaz2wsx3edc4rfv",
    "!qaz@wsx#edc", "q1w2e3r4t5y6u7", "a1b2c3d4e5f6", "iloveyouiloveyou", "loveyouforever",
    "myspace12345", "facebook1234", "google123456", "linkedin1234", "temp12345678", "default12345",
    "secret123456", "letmeinletmein", "hello1234567", "helloworld12", "helloworld123", "nopassword12",
    "summer2024!!", "winter2024!!", "spring2024!!", "autumn2024!!", "january12345", "september123",
    "interpol1234", "redNotice1234", "article31234", "article3article3",
  ].map((p) => p.toLowerCase()),
);

/** Words that, padded with digits or symbols, make most of the long entries on breach lists. */
const BASE_WORDS = [
  "password", "passwort", "motdepasse", "contrasena", "qwerty", "azerty", "qwertz", "letmein", "welcome",
  "admin", "administrator", "iloveyou", "monkey", "dragon", "football", "baseball", "soccer", "sunshine",
  "princess", "superman", "batman", "starwars", "master", "shadow", "whatever", "trustno", "changeme",
  "secret", "login", "interpol", "article", "rednotice", "computer", "internet", "abc", "hello", "love",
];

const SEQUENCES = ["0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"];

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  // One short unit repeated: "aaaaaaaaaaaa", "abcabcabcabc", "123412341234".
  if (/^(.{1,4})\1+$/.test(lower)) return true;
  // A run along the digits, the alphabet or the keyboard, forwards or backwards.
  const reversed = [...lower].reverse().join("");
  if (SEQUENCES.some((s) => s.includes(lower) || s.includes(reversed))) return true;
  // A common word padded with digits and symbols, also in leetspeak.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const unleet = [...lower].map((c) => LEET[c] ?? c).join("").replace(/[^a-z]/g, "");
  for (const candidate of [core, unleet]) {
    if (!candidate) continue;
    for (const word of BASE_WORDS) {
      if (candidate.replace(new RegExp(`^(${word})+`), "") === "") return true;
    }
  }
  return false;
}
