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
  'Your account has been blocked by an administrator': 'Votre compte est bloqué : contactez votre fédération.',
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
 * « Too many requests… », « email must be a valid email »…). « User not active » stays as it
 * is: the panel's sign-in page reads it to show its own (translated) « compte désactivé » page.
 */
const ADMIN_FRENCH: Record<string, string> = {
  'Invalid credentials': 'Adresse e-mail ou mot de passe incorrect.',
  'Policy Failed': 'Votre rôle ne vous permet pas cette action.',
  Forbidden: 'Votre rôle ne vous permet pas cette action.',
  'Invalid registration info': 'Invitation invalide ou déjà utilisée : demandez-en une nouvelle.',
  'Invalid registrationToken': 'Invitation invalide ou déjà utilisée : demandez-en une nouvelle.',
  'An application error occurred': 'Lien de réinitialisation invalide ou expiré : demandez-en un nouveau.',
};
const adminFrench = (message: string): string | undefined => ADMIN_FRENCH[message] ?? FRENCH[message];

/** users-permissions validates with yup: « 2 errors occurred », « x must be at least 6 characters »… */
function frenchOf(message: string): string | undefined {
  if (FRENCH[message]) return FRENCH[message];
  if (/^\d+ errors occurred$/.test(message)) return 'Données invalides.';
  const min = /^(\w+) must be at least (\d+) characters$/.exec(message);
  if (min) return `${min[1]} : ${min[2]} caractères au moins.`;
  if (/^this must be a `object` type/.test(message)) return 'Corps de requête invalide : un objet JSON est attendu.';
  const type = /^(\w+) must be a `(\w+)` type/.exec(message);
  if (type) return `${type[1]} : valeur invalide (${type[2] === 'string' ? 'texte' : type[2] === 'number' ? 'nombre' : 'type'} attendu).`;
  if (/ is a required field$/.test(message)) return `${message.split(' ')[0]} : champ obligatoire.`;
  // The Content Manager's own checks (Strapi's entity validator, yup).
  const max = /^(\w+) must be at most (\d+) characters$/.exec(message);
  if (max) return `${max[1]} : ${max[2]} caractères au plus.`;
  const defined = /^(\w+) must be defined\.?$/.exec(message);
  if (defined) return `${defined[1]} : champ obligatoire.`;
  const email = /^(\w+) must be a valid email$/.exec(message);
  if (email) return `${email[1]} : adresse e-mail invalide.`;
  const oneOf = /^(\w+) must be one of the following values: (.*)$/.exec(message);
  if (oneOf) return `${oneOf[1]} : valeur non prévue (au choix : ${oneOf[2]}).`;
  const bound = /^(\w+) must be (greater|less) than or equal to (\S+)$/.exec(message);
  if (bound) return `${bound[1]} : ${bound[3]} ${bound[2] === 'greater' ? 'au moins' : 'au plus'}.`;
  if (message === 'This attribute must be unique') return 'Cette valeur est déjà utilisée.';
  const integer = /^(\w+) must be an integer$/.exec(message);
  if (integer) return `${integer[1]} : un nombre entier est attendu.`;
  // The query engine's date parsing (a write or a filter naming a day that does not exist) and the list's `status`.
  if (message === 'Invalid date') return 'Date invalide : une date qui existe est attendue (AAAA-MM-JJ).';
  if (message === 'Invalid status') return 'Statut inconnu : draft (brouillon) ou published (publié).';
  return undefined;
}

/**
 * The Content Manager's and media library's refusals in French, field errors kept for its
 * forms; a field is named by the label its content type declares (`pluginOptions.intranet.labels`,
 * « Prénom : 80 caractères au plus. ») when there is one.
 */
function frenchAdminAnswer(error: NonNullable<Envelope['error']>, labels: Record<string, string>): void {
  const french = (message: string) => {
    const translated = frenchOf(message);
    if (!translated) return message;
    const field = /^(\w+) :/.exec(translated)?.[1];
    return field && labels[field] ? `${labels[field]}${translated.slice(field.length)}` : translated;
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
  if (!ctx.path.toLowerCase().startsWith('/api/')) {
    // An address nothing answered (fetched by a script or `curl`: a browser's navigation gets
    // the portal), a method nothing takes, an address that cannot be decoded: the envelope in
    // French rather than Koa's bare English. The admin panel keeps its own answers.
    if (/^\/admin(\/|$)/i.test(ctx.path)) {
      const error = (ctx.body as Envelope | null | undefined)?.error;
      if (error && typeof error.message === 'string') error.message = adminFrench(error.message) ?? error.message;
      for (const item of Array.isArray(error?.details?.errors) ? error!.details!.errors! : []) {
        if (item && typeof item.message === 'string') item.message = adminFrench(item.message) ?? item.message;
      }
      return;
    }
    const adminError = /^\/(content-manager|upload)(\/|$)/i.test(ctx.path) ? (ctx.body as Envelope)?.error : undefined;
    if (adminError && typeof adminError.message === 'string') {
      frenchAdminAnswer(adminError, labelsOfPath(strapi, ctx.path));
      return;
    }
    const message = typeof (ctx.body as Envelope)?.error?.message === 'string' ? String((ctx.body as Envelope).error!.message) : null;
    const bare = ctx.body == null || typeof ctx.body === 'string' || message === 'Not Found' || message === 'Method Not Allowed';
    const outside: Record<number, [string, string]> = { 404: ['NotFoundError', 'Page introuvable.'], 405: ['MethodNotAllowedError', 'Méthode non autorisée.'] };
    const status = ctx.status;
    if (outside[status] && bare) ctx.body = { data: null, error: { status, name: outside[status][0], message: outside[status][1], details: {} } };
    else if (message && FRENCH[message]) ctx.body = { data: null, error: { ...(ctx.body as Envelope).error, status, message: FRENCH[message], details: {} } };
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
  const french = frenchOf(error.message);
  if (french) error.message = french;
  else if (ctx.status === 400 && /JSON/.test(error.message)) error.message = 'Corps de requête invalide : un objet JSON est attendu.';
  for (const item of Array.isArray(error.details?.errors) ? error.details.errors : []) {
    const detail = typeof item?.message === 'string' ? frenchOf(item.message) : undefined;
    if (detail) item.message = detail;
  }
};
