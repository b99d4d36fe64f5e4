import type { Formats } from "use-intl/core";

/**
 * Named formats for messages (`{date, date, timestamp}`) and the formatter. A name of its own:
 * ICU's "short" would be merged with intl-messageformat's defaults, which dateStyle refuses.
 */
export const FORMATS = {
  dateTime: { timestamp: { dateStyle: "medium", timeStyle: "short" } },
} satisfies Formats;
