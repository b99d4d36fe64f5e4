import de from "@/messages/de";
import en from "@/messages/en";
import fr from "@/messages/fr";
import it from "@/messages/it";
import nl from "@/messages/nl";
import type { Locale } from "./locales";

/** English is the source: every other catalogue has exactly its keys (typed here, and tested with their ICU arguments). */
export type Messages = typeof en;

export const CATALOGUES: Record<Locale, Messages> = { en, it, de, fr, nl };
