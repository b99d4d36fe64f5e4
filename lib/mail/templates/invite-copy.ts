import type { Locale } from "../locale";

export type InviteRole = "admin" | "member" | "guest";

/** The words of the invite e-mail. Placeholders: {inviter} {family} {service} {role} {expires}. */
export type InviteCopy = {
  /** The Intl locale for dates: British English reads naturally to European readers. */
  intlLocale: string;
  subject: string;
  reminderPrefix: string;
  heading: string;
  greeting: string;
  intro: string;
  roles: Record<InviteRole, string>;
  about: string;
  nextTitle: string;
  steps: readonly string[];
  button: string;
  expires: string;
  fallback: string;
  ignore: string;
};

export const INVITE_COPY: Record<Locale, InviteCopy> = {
  en: {
    intlLocale: "en-GB",
    subject: "{inviter} invites you to join “{family}” on {service}",
    reminderPrefix: "Reminder: ",
    heading: "You’re invited to {service}",
    greeting: "Hello,",
    intro: "{inviter} has invited you to join “{family}” on {service}, {role}.",
    roles: { admin: "as an administrator", member: "as a member", guest: "as a guest" },
    about: "{service} is a private photo service: a safe home for your photos and videos, which stay in Europe.",
    nextTitle: "What happens next",
    steps: [
      "You create your account with your name and a password.",
      "You set up two-factor sign-in with an authenticator app or a passkey, so your photos stay safe even if someone learns your password.",
      "Your photo library opens, ready for your memories.",
    ],
    button: "Accept the invitation",
    expires: "The invitation is valid until {expires}.",
    fallback: "If the button does not work, copy this address into your browser:",
    ignore:
      "If you weren’t expecting this invitation, you can simply ignore this e-mail: nothing will happen and no account will be created.",
  },
  it: {
    intlLocale: "it-IT",
    subject: "{inviter} ti invita a unirti a «{family}» su {service}",
    reminderPrefix: "Promemoria: ",
    heading: "Un invito per te su {service}",
    greeting: "Ciao,",
    intro: "{inviter} ti ha invitato a unirti a «{family}» su {service}, {role}.",
    roles: { admin: "come amministratore", member: "come membro", guest: "come ospite" },
    about: "{service} è un servizio privato per le foto: un posto sicuro per le tue foto e i tuoi video, che restano in Europa.",
    nextTitle: "Cosa succede adesso",
    steps: [
      "Crei il tuo account con nome e password.",
      "Attivi la verifica in due passaggi con un’app di autenticazione o una passkey: così le tue foto restano al sicuro anche se qualcuno dovesse scoprire la tua password.",
      "Si apre la tua libreria di foto, pronta per i tuoi ricordi.",
    ],
    button: "Accetta l’invito",
    expires: "L’invito è valido fino a {expires}.",
    fallback: "Se il pulsante non funziona, copia questo indirizzo nel browser:",
    ignore:
      "Se non aspettavi questo invito, puoi semplicemente ignorare questa e-mail: non succederà nulla e non verrà creato alcun account.",
  },
};
