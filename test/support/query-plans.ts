import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { CommandStartedEvent, Document } from 'mongodb';
import type { Connection } from 'mongoose';

/**
 * Each command as the `find` that plans it: a write's filter is planned as a find of the same
 * filter is (MongoDB and SecantusDB pick a write's candidates as they pick a find's, and
 * SecantusDB's explain does not take update or delete commands).
 */
function asFind(name: string, c: Document): Document | undefined {
  const pick = (filter: unknown, extra: Document = {}) => ({ find: c[name], filter: filter ?? {}, ...extra });
  switch (name) {
    case 'find':
      return pick(c.filter, { ...(c.sort ? { sort: c.sort } : {}), ...(c.limit ? { limit: c.limit } : {}) });
    case 'count':
      return pick(c.query);
    case 'findAndModify':
      return pick(c.query, c.sort ? { sort: c.sort } : {});
    case 'update':
      return pick((c.updates as Document[])[0]?.q);
    case 'delete':
      return pick((c.deletes as Document[])[0]?.q);
    default:
      return undefined;
  }
}

/** A command's shape: field names and operators kept, values replaced by their type. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return typeof value;
}

/** MONGO_URL with command monitoring on, for a service booted in a test that records its queries. */
export const monitoredMongoUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}monitorCommands=true`;

/**
 * Records every distinct query shape a service sends to the database (its connection must have
 * been opened with monitoredMongoUrl), then asks the server to explain each one: the queries the
 * services really make, not copies of them. `notServed()` lists those the server would answer by a
 * collection scan. Only servers that explain as MongoDB does are judged (FerretDB explains in SQL).
 */
export class QueryPlans {
  private readonly shapes = new Map<string, { collection: string; command: Document }>();
  private readonly connection: Connection;

  constructor(app: INestApplication) {
    this.connection = app.get<Connection>(getConnectionToken());
    this.connection.getClient().on('commandStarted', (e) => this.record(e));
  }

  private record(e: CommandStartedEvent): void {
    const command = asFind(e.commandName, e.command);
    if (!command) return;
    const key = JSON.stringify(shapeOf(command));
    if (!this.shapes.has(key)) this.shapes.set(key, { collection: String(command.find), command });
  }

  get count(): number {
    return this.shapes.size;
  }

  async judged(): Promise<boolean> {
    const info = await this.connection.db!.admin().command({ buildInfo: 1 });
    return info.ferretdbVersion === undefined;
  }

  /** Each recorded query the server would answer with a collection scan, with its plan. */
  async notServed(except: (collection: string, command: Document) => boolean = () => false): Promise<string[]> {
    const out: string[] = [];
    for (const { collection, command } of this.shapes.values()) {
      if (except(collection, command)) continue;
      const plan = await this.connection.db!.command({ explain: command, verbosity: 'queryPlanner' });
      const winning = JSON.stringify(plan.queryPlanner?.winningPlan ?? plan);
      if (/COLLSCAN/.test(winning)) out.push(`${JSON.stringify(command)} -> ${winning}`);
    }
    return out;
  }
}
