import type { Locale } from "@/lib/mail/locale";

/** The invitee's pages, in English and Italian. `{name}` placeholders are filled by `fill`. */
const en = {
  title: "You're invited to {family}",
  invitedBy: "{inviter} invited you to join {family} on {service}, a private photo service.",
  whatIsIt: "Your photos stay private and are stored in Europe. Only your family sees what you share.",
  whatHappens: "What happens next",
  stepAccount: "Create your account: your name and a password.",
  stepMfa: "Set up two-factor sign-in with an authenticator app or a passkey.",
  stepPhotos: "Your photo library is created and opens.",
  invitedAs: "Invitation for {email}, as {role}. It expires on {date}.",
  create: "Create my account",
  haveAccount: "I already have an account",
  expiredTitle: "This invitation has expired",
  expiredBody: "Invitations are valid for 7 days. Ask the person who invited you to send it again.",
  revokedTitle: "This invitation was withdrawn",
  revokedBody: "The person who invited you withdrew it. Ask them for a new invitation if this is a mistake.",
  usedTitle: "This invitation was already used",
  usedBody: "If you accepted it, sign in to see your family.",
  unknownTitle: "This invitation link is not valid",
  unknownBody: "Check that you opened the whole link from the e-mail, or ask for a new invitation.",
  signIn: "Sign in",
  language: "Language",
  preparing: "Preparing your account…",
  preparingBody: "This takes a few seconds. You will be taken to the sign-up page automatically.",
  completeTitle: "Welcome to {family}",
  stepAccountDone: "Account created",
  stepJoined: "Invitation accepted",
  stepGroup: "Access to the photo service",
  stepPhotosReady: "Photo library created",
  pending: "pending",
  retrying: "waiting for the service, retrying",
  done: "done",
  failed: "failed: our team has been told",
  openPhotos: "Open my photos",
  stillWorking: "Still working on it. You can close this page: your library will be ready when you come back.",
  roles: { admin: "an admin", member: "a member", guest: "a guest", owner: "the owner" } as Record<string, string>,
};

type Messages = typeof en;

const it: Messages = {
  title: "Sei stato invitato in {family}",
  invitedBy: "{inviter} ti ha invitato a unirti a {family} su {service}, un servizio fotografico privato.",
  whatIsIt: "Le tue foto restano private e sono conservate in Europa. Solo la tua famiglia vede ciò che condividi.",
  whatHappens: "Cosa succede adesso",
  stepAccount: "Crea il tuo account: nome e password.",
  stepMfa: "Attiva l'accesso in due passaggi con un'app di autenticazione o una passkey.",
  stepPhotos: "La tua libreria di foto viene creata e si apre.",
  invitedAs: "Invito per {email}, come {role}. Scade il {date}.",
  create: "Crea il mio account",
  haveAccount: "Ho già un account",
  expiredTitle: "Questo invito è scaduto",
  expiredBody: "Gli inviti valgono 7 giorni. Chiedi a chi ti ha invitato di inviarlo di nuovo.",
  revokedTitle: "Questo invito è stato ritirato",
  revokedBody: "Chi ti ha invitato l'ha ritirato. Se è un errore, chiedi un nuovo invito.",
  usedTitle: "Questo invito è già stato usato",
  usedBody: "Se l'hai accettato tu, accedi per vedere la tua famiglia.",
  unknownTitle: "Questo link di invito non è valido",
  unknownBody: "Controlla di aver aperto il link completo dall'e-mail, oppure chiedi un nuovo invito.",
  signIn: "Accedi",
  language: "Lingua",
  preparing: "Stiamo preparando il tuo account…",
  preparingBody: "Ci vuole qualche secondo. Verrai portato alla pagina di registrazione automaticamente.",
  completeTitle: "Benvenuto in {family}",
  stepAccountDone: "Account creato",
  stepJoined: "Invito accettato",
  stepGroup: "Accesso al servizio fotografico",
  stepPhotosReady: "Libreria di foto creata",
  pending: "in corso",
  retrying: "in attesa del servizio, nuovo tentativo",
  done: "fatto",
  failed: "non riuscito: il nostro team è stato avvisato",
  openPhotos: "Apri le mie foto",
  stillWorking: "Ci stiamo ancora lavorando. Puoi chiudere questa pagina: la libreria sarà pronta al tuo ritorno.",
  roles: { admin: "amministratore", member: "membro", guest: "ospite", owner: "proprietario" },
};

export const ONBOARDING_MESSAGES: Record<Locale, Messages> = { en, it };
export type OnboardingMessages = Messages;

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
