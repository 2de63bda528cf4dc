import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
/**
 * Members read French. Strapi and users-permissions answer some refusals in English and,
 * for an anonymous caller, with 403 where "authenticate first" (401) is meant. This
 * middleware sits outside `strapi::errors` and rewrites those answers on /api routes,
 * keeping Strapi's error envelope whole (`details` included).
 */
const FRENCH: Record<string, string> = {
  'Missing or invalid credentials': 'Session absente ou expirée : reconnectez-vous.',
  Unauthorized: 'Authentification requise : connectez-vous.',
  'Invalid credentials': 'Identifiants refusés : compte inconnu, bloqué ou non confirmé.',
  'Invalid identifier or password': 'Identifiant ou mot de passe incorrect.',
  'Your account has been blocked by an administrator': 'Votre compte est fermé : vous ne pouvez plus vous connecter. Si vous pensez qu’il s’agit d’une erreur, contactez votre fédération.',
  'Too many requests, please try again later.': 'Trop de tentatives : réessayez dans quelques minutes.',
  'Invalid refresh token': 'Session expirée : reconnectez-vous.',
  // Strapi's body parser, for a file over its limit (`formidable.maxFileSize`).
  FileTooBig: 'Fichier trop volumineux.',
  'Missing refresh token': 'Jeton de renouvellement manquant.',
  'Not Found': 'Ressource introuvable.',
  // Koa's router and static server, for an address that cannot be read.
  'failed to decode': 'Adresse mal encodée.',
  'Malicious Path': 'Adresse refusée.',
  'Method Not Allowed': 'Méthode non autorisée.',
  'request entity too large': 'Corps de requête trop volumineux.',
  'Invalid key password': 'Identifiant ou mot de passe incorrect.',
  'Session not found': 'Session introuvable ou déjà fermée.',
  'Missing authentication': 'Authentification requise : connectez-vous.',
  'Internal Server Error': 'Erreur interne : réessayez plus tard.',
  'identifier is a required field': 'L’identifiant est obligatoire.',
  'password is a required field': 'Le mot de passe est obligatoire.',
  'email is a required field': 'L’adresse e-mail est obligatoire.',
  'email must be a valid email': 'L’adresse e-mail n’est pas valide.',
  'Passwords do not match': 'Les mots de passe ne correspondent pas.',
  'The provided current password is invalid': 'Le mot de passe actuel est incorrect.',
  'Your new password must be different than your current password': 'Le nouveau mot de passe doit différer de l’actuel.',
  'Incorrect code provided': 'Lien de réinitialisation invalide ou expiré.',
};

/**
 * The admin panel's own doors (`/admin/...`: sign-in, password reset, invitations, settings)
 * answer staff in English; they read in French: these, else the members' wording (`FRENCH`:
 * « Too many requests… », « email must be a valid email »…) and yup's (`frenchOf`, fields
 * named by `ADMIN_LABELS`). « User not active » stays as it is: the panel's sign-in page reads
 * it to show its own (translated) « compte désactivé » page.
 */
const ADMIN_FRENCH: Record<string, string> = {
  'Invalid credentials': 'Adresse e-mail ou mot de passe incorrect.',
  'Policy Failed': 'Votre rôle ne vous permet pas cette action.',
  Forbidden: 'Votre rôle ne vous permet pas cette action.',
  'Invalid registration info': 'Invitation invalide ou déjà utilisée : demandez-en une nouvelle.',
  'Invalid registrationToken': 'Invitation invalide ou déjà utilisée : demandez-en une nouvelle.',
  'An application error occurred': 'Lien de réinitialisation invalide ou expiré : demandez-en un nouveau.',
  'This reset password token has expired': 'Lien de réinitialisation invalide ou expiré : demandez-en un nouveau.',
  // passport-local, for a sign-in without its email or password (or with one that is not text).
  'Missing credentials': 'Adresse e-mail et mot de passe requis.',
  'You cannot register a new super admin': 'Le premier compte d’administration existe déjà : demandez une invitation.',
};

/**
 * French names of the fields Strapi's own doors validate with yup, for « Prénom : champ
 * obligatoire. » rather than « firstname is a required field »: the admin panel's (sign-in,
 * invitation, first account, password reset, `userInfo.*` inside an invitation's answer)…
 */
const ADMIN_LABELS: Record<string, string> = {
  email: 'Adresse e-mail',
  password: 'Mot de passe',
  firstname: 'Prénom',
  lastname: 'Nom',
  username: 'Nom d’utilisateur',
  registrationToken: 'Jeton d’invitation',
  resetPasswordToken: 'Jeton de réinitialisation',
  userInfo: 'Informations du compte',
  'userInfo.firstname': 'Prénom',
  'userInfo.lastname': 'Nom',
  'userInfo.password': 'Mot de passe',
  deviceId: 'Identifiant de l’appareil',
  rememberMe: 'Rester connecté',
  currentPassword: 'Mot de passe actuel',
  newPassword: 'Nouveau mot de passe',
};

/** …and users-permissions' (`/api/auth/…`: sign-in, « mot de passe oublié », reset, change). */
const MEMBER_AUTH_LABELS: Record<string, string> = {
  identifier: 'Identifiant',
  email: 'Adresse e-mail',
  password: 'Mot de passe',
  passwordConfirmation: 'Confirmation du mot de passe',
  currentPassword: 'Mot de passe actuel',
  code: 'Code',
  username: 'Nom d’utilisateur',
  refreshToken: 'Jeton de renouvellement',
};

/** A field error's path as yup writes it: `password`, `userInfo.password`, `items[0].name`. */
const PATH = String.raw`([\w.[\]]+)`;

const KINDS: Record<string, string> = {
  string: 'texte attendu',
  number: 'nombre attendu',
  boolean: 'vrai ou faux attendu',
  object: 'objet attendu',
  array: 'liste attendue',
  date: 'date attendue',
};

/**
 * yup's messages (users-permissions', the admin panel's doors', the Content Manager's) in
 * French, a field named by its path (`password : 8 caractères au moins.`, which `labelled`
 * turns into its French name); what was sent is never repeated (yup's « but the final value
 * was: … »).
 */
const YUP: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^\d+ errors occurred$/, () => 'Données invalides.'],
  [/^this (must be a `object` type|is a required field$)/, () => 'Corps de requête invalide : un objet JSON est attendu.'],
  [/^this field has unspecified keys: /, () => 'Données invalides : champ non prévu.'],
  [new RegExp(`^${PATH} must be at least (\\d+) characters$`), (m) => `${m[1]} : ${m[2]} caractères au moins.`],
  [new RegExp(`^${PATH} must be at most (\\d+) characters$`), (m) => `${m[1]} : ${m[2]} caractères au plus.`],
  [new RegExp(`^${PATH} must be a \`(\\w+)\` type`), (m) => `${m[1]} : valeur invalide (${KINDS[m[2]] ?? 'autre type attendu'}).`],
  [new RegExp(`^${PATH} is a required field$`), (m) => `${m[1]} : champ obligatoire.`],
  [new RegExp(`^${PATH} must be defined\\.?$`), (m) => `${m[1]} : champ obligatoire.`],
  [new RegExp(`^${PATH} cannot be null$`), (m) => `${m[1]} : champ obligatoire.`],
  [new RegExp(`^${PATH} must be a valid email$`), (m) => `${m[1]} : adresse e-mail invalide.`],
  [new RegExp(`^${PATH} must be a valid UUID$`), (m) => `${m[1]} : identifiant invalide.`],
  [new RegExp(`^${PATH} must be a valid URL$`), (m) => `${m[1]} : adresse web invalide.`],
  // The admin panel's password rules.
  [new RegExp(`^${PATH} must contain at least one uppercase character$`), (m) => `${m[1]} : une majuscule au moins.`],
  [new RegExp(`^${PATH} must contain at least one lowercase character$`), (m) => `${m[1]} : une minuscule au moins.`],
  [new RegExp(`^${PATH} must contain at least one number$`), (m) => `${m[1]} : un chiffre au moins.`],
  [new RegExp(`^${PATH} must be less than (\\d+) bytes$`), (m) => `${m[1]} : trop long (${Number(m[2]) - 1} octets au plus).`],
  [new RegExp(`^${PATH} field has unspecified keys: `), (m) => `${m[1]} : champ non prévu.`],
  [new RegExp(`^${PATH} must be one of the following values: (.*)$`), (m) => `${m[1]} : valeur non prévue (au choix : ${m[2]}).`],
  [new RegExp(`^${PATH} must be (greater|less) than or equal to (\\S+)$`), (m) => `${m[1]} : ${m[3]} ${m[2] === 'greater' ? 'au moins' : 'au plus'}.`],
  [new RegExp(`^${PATH} must be an integer$`), (m) => `${m[1]} : un nombre entier est attendu.`],
  [new RegExp(`^${PATH} field must have at least (\\d+) items?$`), (m) => `${m[1]} : ${m[2]} élément${m[2] === '1' ? '' : 's'} au moins.`],
  [new RegExp(`^${PATH} must match the following: `), (m) => `${m[1]} : format invalide.`],
];

/** users-permissions validates with yup: « 2 errors occurred », « x must be at least 6 characters »… */
function frenchOf(message: string): string | undefined {
  if (FRENCH[message]) return FRENCH[message];
  for (const [pattern, french] of YUP) {
    const match = pattern.exec(message);
    if (match) return french(match);
  }
  if (message === 'This attribute must be unique') return 'Cette valeur est déjà utilisée.';
  // The query engine's date parsing (a write or a filter naming a day that does not exist) and the list's `status`.
  if (message === 'Invalid date') return 'Date invalide : une date qui existe est attendue (AAAA-MM-JJ).';
  if (message === 'Invalid status') return 'Statut inconnu : draft (brouillon) ou published (publié).';
  return undefined;
}

/** A translated field message (`password : …`) naming its field by its French label when it has one. */
function labelled(translated: string, labels: Record<string, string>): string {
  const field = /^([\w.[\]]+) :/.exec(translated)?.[1];
  return field && labels[field] ? `${labels[field]}${translated.slice(field.length)}` : translated;
}

/** An admin panel door's message in French: its own wording, else the members' and yup's, fields named by `ADMIN_LABELS`. */
function adminFrench(message: string): string {
  if (ADMIN_FRENCH[message]) return ADMIN_FRENCH[message];
  const translated = frenchOf(message);
  return translated ? labelled(translated, ADMIN_LABELS) : message;
}

/**
 * The Content Manager's and media library's refusals in French, field errors kept for its
 * forms; a field is named by the label its content type declares (`pluginOptions.intranet.labels`,
 * « Prénom : 80 caractères au plus. ») when there is one.
 */
function frenchAdminAnswer(error: NonNullable<Envelope['error']>, labels: Record<string, string>): void {
  const french = (message: string) => {
    const translated = frenchOf(message);
    return translated ? labelled(translated, labels) : message;
  };
  if (typeof error.message === 'string') error.message = french(error.message);
  for (const item of Array.isArray(error.details?.errors) ? error.details.errors : []) {
    if (item && typeof item.message === 'string') item.message = french(item.message);
  }
}

/** The French labels of the content type a Content Manager path names (`…/collection-types/<uid>/…`). */
function labelsOfPath(strapi: Core.Strapi, path: string): Record<string, string> {
  const uid = /^\/content-manager\/(?:collection|single)-types\/([^/]+)/.exec(path)?.[1];
  let decoded: string | undefined;
  try {
    decoded = uid ? decodeURIComponent(uid) : undefined;
  } catch {
    return {}; // an address that cannot be decoded: attribute names then
  }
  const type = decoded ? (strapi.contentTypes as unknown as Record<string, { pluginOptions?: { intranet?: { labels?: Record<string, string> } } }>)[decoded] : undefined;
  return type?.pluginOptions?.intranet?.labels ?? {};
}

const STATUS_MESSAGES: Record<number, [string, string]> = {
  404: ['NotFoundError', 'Ressource introuvable.'],
  405: ['MethodNotAllowedError', 'Méthode non autorisée.'],
  413: ['PayloadTooLargeError', 'Corps de requête trop volumineux.'],
  415: ['UnsupportedMediaTypeError', 'Encodage ou type de corps de requête non pris en charge.'],
};

/** Strapi's error envelope, as this middleware reads and mends it. */
interface Envelope {
  error?: { status?: number; name?: string; message?: unknown; details?: { errors?: { message?: unknown; value?: unknown }[] } & Record<string, unknown> };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => async (ctx: Context, next: () => Promise<void>) => {
  await next();
  // Never echo what was sent (a password in a malformed body, a 100 KB text in the Content
  // Manager): forms read each error's path and message only.
  const sent = (ctx.body as Envelope | null | undefined)?.error?.details?.errors;
  for (const item of Array.isArray(sent) ? sent : []) if (item && typeof item === 'object') delete item.value;
  // yup repeats a value of the wrong type in its message (« … but the final value was: `…` »):
  // cut, whatever the path, before any translation (which drops it too).
  const unechoed = (message: unknown) => (typeof message === 'string' ? message.replace(/,? but the final value was:[\s\S]*$/, '.') : message);
  const answered = (ctx.body as Envelope | null | undefined)?.error;
  if (answered && typeof answered === 'object') {
    if (typeof answered.message === 'string') answered.message = unechoed(answered.message);
    for (const item of Array.isArray(sent) ? sent : []) if (item && typeof item === 'object' && typeof item.message === 'string') item.message = unechoed(item.message) as string;
  }
  if (!ctx.path.toLowerCase().startsWith('/api/')) {
    // An address nothing answered (fetched by a script or `curl`: a browser's navigation gets
    // the portal), a method nothing takes, an address that cannot be decoded: the envelope in
    // French rather than Koa's bare English. The admin panel keeps its own answers.
    const outside: Record<number, [string, string]> = { 404: ['NotFoundError', 'Page introuvable.'], 405: ['MethodNotAllowedError', 'Méthode non autorisée.'] };
    const bareAnswer = (message: string | null) => ctx.body == null || typeof ctx.body === 'string' || message === 'Not Found' || message === 'Method Not Allowed';
    if (/^\/admin(\/|$)/i.test(ctx.path)) {
      // A door the panel no longer has (`/admin/renew-token` since Strapi 5's sessions…): Koa's bare text, in the envelope.
      if (outside[ctx.status] && (ctx.body == null || typeof ctx.body === 'string')) {
        const status = ctx.status;
        ctx.body = { data: null, error: { status, name: outside[status][0], message: outside[status][1], details: {} } };
        ctx.status = status;
        return;
      }
      const error = (ctx.body as Envelope | null | undefined)?.error;
      if (error && typeof error.message === 'string') error.message = adminFrench(error.message);
      for (const item of Array.isArray(error?.details?.errors) ? error!.details!.errors! : []) {
        if (item && typeof item.message === 'string') item.message = adminFrench(item.message);
      }
      return;
    }
    const adminError = /^\/(content-manager|upload)(\/|$)/i.test(ctx.path) ? (ctx.body as Envelope)?.error : undefined;
    if (adminError && typeof adminError.message === 'string') {
      frenchAdminAnswer(adminError, labelsOfPath(strapi, ctx.path));
      return;
    }
    const message = typeof (ctx.body as Envelope)?.error?.message === 'string' ? String((ctx.body as Envelope).error!.message) : null;
    const status = ctx.status;
    // Plugins' admin doors (users-permissions' settings, the content-type builder…) refuse with « Policy Failed ».
    const french = message ? (FRENCH[message] ?? ADMIN_FRENCH[message]) : undefined;
    if (outside[status] && bareAnswer(message)) ctx.body = { data: null, error: { status, name: outside[status][0], message: outside[status][1], details: {} } };
    else if (french) ctx.body = { data: null, error: { ...(ctx.body as Envelope).error, status, message: french, details: {} } };
    ctx.status = status;
    return;
  }
  const body = ctx.body as Envelope | null | undefined;
  // Answers Koa or the router made without a body (405…) get the envelope too.
  if (STATUS_MESSAGES[ctx.status] && !body?.error && (body == null || (typeof body === 'object' && !Object.keys(body).length))) {
    const [name, message] = STATUS_MESSAGES[ctx.status];
    const status = ctx.status;
    ctx.body = { data: null, error: { status, name, message, details: {} } };
    ctx.status = status;
    return;
  }
  const error = body?.error as (NonNullable<Envelope['error']> & { message: string }) | undefined;
  if (!error || typeof error.message !== 'string') return;
  error.details ??= {};

  if (ctx.status === 403 && error.name === 'ForbiddenError' && error.message === 'Forbidden') {
    if (!ctx.state.user) {
      ctx.status = 401;
      ctx.body = { data: null, error: { status: 401, name: 'UnauthorizedError', message: FRENCH.Unauthorized, details: {} } };
    } else {
      error.message = 'Votre rôle ne vous donne pas accès à cette fonction.';
    }
    return;
  }
  // users-permissions' own routes name their fields in French (« Code : champ obligatoire. »).
  const labels = /^\/api\/(auth|users|connect)(\/|$)/i.test(ctx.path) ? MEMBER_AUTH_LABELS : {};
  const french = frenchOf(error.message);
  if (french) error.message = labelled(french, labels);
  else if (ctx.status === 400 && /JSON/.test(error.message)) error.message = 'Corps de requête invalide : un objet JSON est attendu.';
  for (const item of Array.isArray(error.details?.errors) ? error.details.errors : []) {
    const detail = typeof item?.message === 'string' ? frenchOf(item.message) : undefined;
    if (detail) item.message = labelled(detail, labels);
  }
};
