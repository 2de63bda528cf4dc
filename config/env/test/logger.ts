export default ({ env }: { env: any }) => ({
  level: env('LOG_LEVEL', 'warn'),
});
