import type { Server } from 'node:http';

/** A port the service was told to listen on is taken; the message names the setting that moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Starts `server` on host:port; a taken port is a PortInUseError naming `setting`, any other failure as it is. */
export function listen(server: Server, port: number, host: string, setting: string, hint = ''): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`Port ${port} is already in use: stop the other process or set ${setting} to a free port${hint}.`) : error),
    );
    server.listen(port, host, resolve);
  });
}
