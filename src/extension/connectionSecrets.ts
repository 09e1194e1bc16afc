// Database passwords in VS Code's SecretStorage (the OS keychain on the desktop), never in a
// file, a setting, a log or a diagnostic. A password belongs to a login — user, host, port
// and database of a connection in kpilens.connections.yaml — so it follows the connection
// wherever the file lives, and a changed host does not receive the old password. The
// environment (KPILENS_PG_PASSWORD_<NAME>, PGPASSWORD) still works; a stored password wins.
import * as vscode from 'vscode';
import { envName, type PostgresConnectionSettings } from '../core/engine/backends/postgresEngine';

type Login = Pick<PostgresConnectionSettings, 'user' | 'host' | 'port' | 'database'>;

/** How a login is shown to people: user@host:port/database. */
export function loginLabel(c: Login): string {
  return `${c.user}@${c.host}:${c.port}/${c.database}`;
}

export class ConnectionSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private static key(c: Login): string {
    return `kpilens.postgres:${JSON.stringify([c.user, c.host, c.port, c.database])}`;
  }

  get(c: Login): Thenable<string | undefined> {
    return this.secrets.get(ConnectionSecrets.key(c));
  }

  store(c: Login, password: string): Thenable<void> {
    return this.secrets.store(ConnectionSecrets.key(c), password);
  }

  delete(c: Login): Thenable<void> {
    return this.secrets.delete(ConnectionSecrets.key(c));
  }

  /** The settings with the stored password (if any) in memory, and what a refused login should tell. */
  async withPassword(settings: PostgresConnectionSettings): Promise<PostgresConnectionSettings> {
    const stored = await this.get(settings);
    const passwordHint = vscode.l10n.t(
      "Run 'KPI Lens: Set connection password…' for connection '{0}' (or set {1} or PGPASSWORD).",
      settings.name,
      `KPILENS_PG_PASSWORD_${envName(settings.name)}`,
    );
    return { ...settings, ...(stored !== undefined ? { password: stored } : {}), passwordHint };
  }
}
