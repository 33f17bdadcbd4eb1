/** Its own module so the CLI's usage text can name it without loading browser mode. */
export const serveUsage =
  'grpc-workbench serve [--port N] [--host H] [--allow-remote] [--open] [--lab] [--ephemeral-token]';
