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
};

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
  const french = FRENCH[error.message];
  if (french) error.message = french;
  else if (ctx.status === 400 && /JSON/.test(error.message)) error.message = 'Corps de requête invalide : un objet JSON est attendu.';
};
