// "KPI Lens: Set connection password…" and "KPI Lens: Forget connection password": pick a
// connection of the workspace's kpilens.connections.yaml files (those of the active KPI file
// first), then type its password in a masked input box; it goes to SecretStorage only (see
// connectionSecrets.ts). The connections files are read for their names and logins only;
// no connection is opened here. For automation and tests, both commands take the
// connection's name (and Set its password) as arguments instead of asking.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CONNECTIONS_FILE, findConnectionsFile, parseConnections } from '../core/engine/connections/connections';
import type { PostgresConnectionSettings } from '../core/engine/backends/postgresEngine';
import { ConnectionSecrets, loginLabel } from './connectionSecrets';
import { isKpiDocument } from './kpiDocuments';

interface ConnectionChoice extends vscode.QuickPickItem {
  settings: PostgresConnectionSettings;
}

/** The connections files that matter now: the active KPI file's first, then every one in the workspace. */
async function connectionsFiles(): Promise<string[]> {
  const files: string[] = [];
  const active = vscode.window.activeTextEditor?.document;
  if (active && isKpiDocument(active) && active.uri.scheme === 'file') {
    const folder = vscode.workspace.getWorkspaceFolder(active.uri);
    const own = findConnectionsFile(
      path.dirname(active.uri.fsPath),
      folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    );
    if (own) files.push(own);
  }
  const found = await vscode.workspace.findFiles(`**/${CONNECTIONS_FILE}`, '**/node_modules/**', 50);
  for (const uri of found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)))
    if (uri.scheme === 'file' && !files.includes(uri.fsPath)) files.push(uri.fsPath);
  return files;
}

/** Every valid connection of those files, once per login (user, host, port, database). */
async function connectionChoices(): Promise<ConnectionChoice[]> {
  const choices: ConnectionChoice[] = [];
  const seen = new Set<string>();
  for (const file of await connectionsFiles()) {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch {
      continue;
    }
    // The environment is not consulted: only names and logins are needed.
    for (const settings of parseConnections(text, file, {}).connections.values()) {
      const login = loginLabel(settings);
      if (seen.has(`${settings.name} ${login}`)) continue;
      seen.add(`${settings.name} ${login}`);
      choices.push({
        label: settings.name,
        description: login,
        detail: vscode.workspace.asRelativePath(file),
        settings,
      });
    }
  }
  return choices;
}

/** The connection named `name` (no question asked), or the one the user picks. */
async function pickConnection(
  name: string | undefined,
  placeHolder: string,
): Promise<PostgresConnectionSettings | undefined> {
  const choices = await connectionChoices();
  if (name !== undefined) {
    const named = choices.find((c) => c.settings.name === name);
    if (!named)
      void vscode.window.showErrorMessage(
        vscode.l10n.t("No connection '{0}' in the workspace's {1} files.", name, CONNECTIONS_FILE),
      );
    return named?.settings;
  }
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No connection found: define one in a {0} file (git-ignored) next to your KPI file or at the project root.',
        CONNECTIONS_FILE,
      ),
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(choices, { placeHolder, matchOnDescription: true }))?.settings;
}

export function registerConnectionCommands(secrets: ConnectionSecrets): vscode.Disposable[] {
  return [
    /** Returns the connection's name when a password was stored (never the password). */
    vscode.commands.registerCommand('kpilens.setConnectionPassword', async (name?: string, password?: string) => {
      const settings = await pickConnection(
        typeof name === 'string' ? name : undefined,
        vscode.l10n.t('The connection whose password to store'),
      );
      if (!settings) return undefined;
      const value =
        typeof password === 'string'
          ? password
          : await vscode.window.showInputBox({
              password: true,
              ignoreFocusOut: true,
              title: vscode.l10n.t('Password of connection {0}', settings.name),
              prompt: vscode.l10n.t(
                "For {0}; kept in VS Code's secret storage, never in a file.",
                loginLabel(settings),
              ),
            });
      if (value === undefined) return undefined;
      await secrets.store(settings, value);
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "Password of connection '{0}' ({1}) stored in VS Code's secret storage.",
          settings.name,
          loginLabel(settings),
        ),
      );
      return settings.name;
    }),
    /** Returns the connection's name when its stored password was removed. */
    vscode.commands.registerCommand('kpilens.forgetConnectionPassword', async (name?: string) => {
      const settings = await pickConnection(
        typeof name === 'string' ? name : undefined,
        vscode.l10n.t('The connection whose stored password to forget'),
      );
      if (!settings) return undefined;
      await secrets.delete(settings);
      void vscode.window.showInformationMessage(
        vscode.l10n.t("Stored password of connection '{0}' ({1}) forgotten.", settings.name, loginLabel(settings)),
      );
      return settings.name;
    }),
  ];
}
