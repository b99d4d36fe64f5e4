import type { Messages } from "./catalogues";
import type { FORMATS } from "./formats";

// Typed keys: a t("…") call with a key the English catalogue lacks fails the typecheck.
declare module "next-intl" {
  interface AppConfig {
    Messages: Messages;
    Formats: typeof FORMATS;
  }
}
