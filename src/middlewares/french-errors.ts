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
  'Missing refresh token': 'Jeton de renouvellement manquant.',
  'Not Found': 'Ressource introuvable.',
  'Method Not Allowed': 'Méthode non autorisée.',
  'identifier is a required field': 'L’identifiant est obligatoire.',
  'password is a required field': 'Le mot de passe est obligatoire.',
  'email is a required field': 'L’adresse e-mail est obligatoire.',
  'email must be a valid email': 'L’adresse e-mail n’est pas valide.',
  'Passwords do not match': 'Les mots de passe ne correspondent pas.',
  'The provided current password is invalid': 'Le mot de passe actuel est incorrect.',
  'Your new password must be different than your current password': 'Le nouveau mot de passe doit différer de l’actuel.',
  'Incorrect code provided': 'Lien de réinitialisation invalide ou expiré.',
};

/** users-permissions validates with yup: « 2 errors occurred », « x must be at least 6 characters »… */
function frenchOf(message: string): string | undefined {
  if (FRENCH[message]) return FRENCH[message];
  if (/^\d+ errors occurred$/.test(message)) return 'Données invalides.';
  const min = /^(\w+) must be at least (\d+) characters$/.exec(message);
  if (min) return `${min[1]} : ${min[2]} caractères au moins.`;
  return undefined;
}

export default () => async (ctx: any, next: () => Promise<void>) => {
  await next();
  const error = ctx.body?.error;
  if (!error || typeof error.message !== 'string' || !ctx.path.startsWith('/api/')) return;
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
