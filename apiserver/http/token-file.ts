// Static bearer tokens, in kube-apiserver's --token-auth-file format: one CSV
// record per line, `token,user,uid[,"group1,group2"]`, fields quoted as CSV
// quotes them. Read once at start-up, as kube-apiserver does.
import { readFile } from 'node:fs/promises';
import type { Authenticator, RequestCredentials } from './authenticator.js';
import type { UserInfo } from './request-context.js';

/** token, user name, uid: the columns every record needs. */
export const TOKEN_FILE_MIN_COLUMNS = 3;

/** Splits one CSV record into fields: commas separate, double quotes quote, `""` is a quote inside quotes. */
export function splitCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error('a quoted field is not closed');
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** token -> user, from the file's text; `source` names the file in errors. */
export function parseTokenFile(text: string, source: string): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    let fields: string[];
    try {
      fields = splitCsvRecord(line);
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (fields.length < TOKEN_FILE_MIN_COLUMNS) {
      throw new Error(`${where}: a token line needs at least ${TOKEN_FILE_MIN_COLUMNS} columns (token, user name, user uid), found ${fields.length}`);
    }
    const [token, name, uid, groupList = ''] = fields;
    if (!token) throw new Error(`${where}: the token is empty`);
    if (!name) throw new Error(`${where}: the user name is empty`);
    const groups = groupList.split(',').map((g) => g.trim()).filter(Boolean);
    users.set(token, { name, uid, groups });
  });
  return users;
}

export class TokenFileAuthenticator implements Authenticator {
  constructor(private readonly users: ReadonlyMap<string, UserInfo>) {}

  static async fromFile(path: string): Promise<TokenFileAuthenticator> {
    return new TokenFileAuthenticator(parseTokenFile(await readFile(path, 'utf8'), path));
  }

  get size(): number {
    return this.users.size;
  }

  async authenticate({ bearerToken: token }: RequestCredentials): Promise<UserInfo | undefined> {
    if (token === undefined) return undefined;
    const user = this.users.get(token);
    return user ? { ...user, groups: [...user.groups] } : undefined;
  }
}
