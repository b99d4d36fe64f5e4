import { createFormatter, createTranslator } from "use-intl/core";
import { CATALOGUES } from "./catalogues";
import { FORMATS } from "./formats";
import { formattingLocale, type Locale } from "./locales";
import type { Message } from "./message";

/**
 * A translator outside React (mail, workers, domain errors' English text). Pages and
 * actions use next-intl's getTranslations / useTranslations, configured in request.ts.
 */
export function translatorFor(locale: Locale, timeZone = "UTC") {
  return createTranslator({ locale: formattingLocale(locale), messages: CATALOGUES[locale], timeZone, formats: FORMATS });
}

export function formatterFor(locale: Locale, timeZone = "UTC") {
  return createFormatter({ locale: formattingLocale(locale), timeZone, formats: FORMATS });
}

export type Translate = (key: Message["key"], values?: Message["values"]) => string;

/** Renders a domain message with a translator (any of next-intl's or translatorFor's). */
export function render(t: Translate, text: Message): string {
  return t(text.key, text.values);
}

const english = translatorFor("en") as unknown as Translate;

/** For logs and errors' `message`: what a person reading English would see. */
export function inEnglish(text: Message): string {
  return render(english, text);
}
