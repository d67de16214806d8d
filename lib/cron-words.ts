// Cron expressions in words ("*/15 * * * *" → "every 15 minutes") through cronstrue. Kept apart
// from lib/words.ts so pages that only count things do not ship cronstrue to the browser.
import cronstrue from "cronstrue";

/** The schedule in words, lower-cased to sit inside a sentence; null when it cannot be read. */
export function cronInWords(expression: string): string | null {
  try {
    const text = cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true });
    return text.charAt(0).toLowerCase() + text.slice(1);
  } catch {
    return null;
  }
}
