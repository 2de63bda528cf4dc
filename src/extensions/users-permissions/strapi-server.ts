/**
 * « Mot de passe oublié » always answers the same way. users-permissions answers
 * `{ ok: true }` for unknown or blocked addresses but fails with a 500 when the email
 * cannot be sent for a real account, which would tell who has an account (and the
 * failure is the server's business, not the member's). Bad input still gets its 400.
 */
export default (plugin: any) => {
  const authController = plugin.controllers.auth;
  plugin.controllers.auth = (deps: { strapi: any }) => {
    const controller = authController(deps);
    return {
      ...controller,
      async forgotPassword(ctx: any) {
        try {
          await controller.forgotPassword(ctx);
        } catch (error: any) {
          if (error?.name === 'ValidationError') throw error;
          deps.strapi.log.error(`Password reset email could not be sent: ${error?.message ?? error}`);
          ctx.body = { ok: true };
        }
      },
    };
  };
  return plugin;
};
