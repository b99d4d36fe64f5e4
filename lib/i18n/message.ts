import type { Messages } from "./catalogues";

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A full key of the catalogues, e.g. "errors.noSuchFamily". */
export type MessageKey = Leaves<Messages>;
export type MessageValues = Record<string, string | number | Date>;

/**
 * Words the domain wants a person to read, not yet in a language: a catalogue key and its
 * ICU arguments. The edge (action, page, mail job) renders it in the reader's language.
 */
export interface Message {
  key: MessageKey;
  values?: MessageValues;
}

export function message(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}
