// The residents table: create, read, update, delete, seed once. PIN, password and knowledge
// answers are hashed here before they touch the database, and never read back out in clear.
import type Database from 'better-sqlite3';
import { MockIdentityError } from './errors.js';
import { publicPart, ResidentSchema, type IdentityData, type IdentityUpdate, type Resident } from './identity-data.js';
import { normaliseAnswer } from './kbi.js';
import { hashSecret, type ScryptParams } from './secret-hash.js';

/** A resident and the hashes of their secrets. */
export interface ResidentRecord {
  resident: Resident;
  pinHash: string;
  passwordHash: string | undefined;
  /** Knowledge question id → scrypt hash of the normalised answer. */
  knowledgeHashes: Record<string, string>;
}

interface Row {
  data: string;
  pin_hash: string;
  password_hash: string | null;
  knowledge_hashes: string;
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string], Row>(
      'SELECT data, pin_hash, password_hash, knowledge_hashes FROM residents WHERE individual_id = ?',
    ),
    insert: db.prepare(
      'INSERT INTO residents (individual_id, data, pin_hash, password_hash, knowledge_hashes, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    update: db.prepare(
      'UPDATE residents SET data = ?, pin_hash = ?, password_hash = ?, knowledge_hashes = ?, updated_at = ? WHERE individual_id = ?',
    ),
    delete: db.prepare('DELETE FROM residents WHERE individual_id = ?'),
    metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?'),
    metaPut: db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)'),
  };
}

/**
 * Parsed residents kept by the row text they came from (a changed row is parsed afresh): the most
 * recently read 1,000, and only rows up to 16 KB — a resident with a photo (up to ~350 KB) is
 * parsed at each read rather than held twice in memory.
 */
const PARSED_CACHE_MAX = 1000;
const PARSED_CACHE_MAX_ROW_CHARS = 16 * 1024;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class ResidentStore {
  private readonly stmt: ReturnType<typeof prepare>;
  // Every sign-in reads its resident several times; parsing and validating the JSON row each
  // time cost more than the read. The row is still read, so a change by anyone shows at once.
  private readonly parsed = new Map<string, { data: string; resident: Resident }>();

  constructor(
    private readonly db: Database.Database,
    private readonly scrypt: ScryptParams,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = prepare(db);
  }

  get(individualId: string): ResidentRecord | undefined {
    const row = this.stmt.get.get(individualId);
    if (!row) return undefined;
    return {
      resident: this.parseResident(individualId, row.data),
      pinHash: row.pin_hash,
      passwordHash: row.password_hash ?? undefined,
      knowledgeHashes: JSON.parse(row.knowledge_hashes) as Record<string, string>,
    };
  }

  /** The resident of a row, validated; shared and frozen, so no caller can change another's copy. */
  private parseResident(individualId: string, data: string): Resident {
    const hit = this.parsed.get(individualId);
    if (hit && hit.data === data) {
      // Map order is insertion order: moving the hit to the end keeps the least recent first.
      this.parsed.delete(individualId);
      this.parsed.set(individualId, hit);
      return hit.resident;
    }
    const resident = deepFreeze(ResidentSchema.parse(JSON.parse(data)));
    this.parsed.delete(individualId);
    if (data.length <= PARSED_CACHE_MAX_ROW_CHARS) {
      if (this.parsed.size >= PARSED_CACHE_MAX) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(individualId, { data, resident });
    }
    return resident;
  }

  /** Throws `duplicate_individual_id` when the individual id is taken. */
  async create(data: IdentityData): Promise<void> {
    const hashes = await this.hashSecrets(data);
    try {
      this.stmt.insert.run(
        data.individualId,
        JSON.stringify(publicPart(data)),
        hashes.pin!,
        hashes.password ?? null,
        JSON.stringify(hashes.knowledge),
        this.now(),
      );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new MockIdentityError('duplicate_individual_id');
      throw e;
    }
  }

  /** Replaces the given fields; throws `identity_not_found`. */
  async update(change: IdentityUpdate): Promise<void> {
    const hashes = await this.hashSecrets(change);
    const current = this.get(change.individualId);
    if (!current) throw new MockIdentityError('identity_not_found');
    const { pin: _p, password: _pw, knowledgeAnswers: _k, ...fields } = change;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const resident = ResidentSchema.parse({ ...current.resident, ...defined });
    const knowledge = { ...current.knowledgeHashes, ...hashes.knowledge };
    const changes = this.stmt.update.run(
      JSON.stringify(resident),
      hashes.pin ?? current.pinHash,
      hashes.password ?? current.passwordHash ?? null,
      JSON.stringify(knowledge),
      this.now(),
      change.individualId,
    ).changes;
    this.parsed.delete(change.individualId);
    if (changes === 0) throw new MockIdentityError('identity_not_found');
  }

  /** False when there was no such resident. */
  delete(individualId: string): boolean {
    this.parsed.delete(individualId);
    return this.stmt.delete.run(individualId).changes > 0;
  }

  /**
   * Inserts the seed residents the first time the database is opened (a marker in `meta` keeps
   * residents deleted through the admin API from coming back). Returns how many were added.
   */
  async seedOnce(residents: IdentityData[]): Promise<number> {
    if (this.stmt.metaGet.get('seeded')) return 0;
    const rows = await Promise.all(residents.map(async (data) => ({ data, hashes: await this.hashSecrets(data) })));
    let added = 0;
    this.db.transaction(() => {
      if (this.stmt.metaGet.get('seeded')) return;
      for (const { data, hashes } of rows) {
        if (this.stmt.get.get(data.individualId)) continue;
        this.stmt.insert.run(
          data.individualId,
          JSON.stringify(publicPart(data)),
          hashes.pin!,
          hashes.password ?? null,
          JSON.stringify(hashes.knowledge),
          this.now(),
        );
        added++;
      }
      this.stmt.metaPut.run('seeded', new Date(this.now()).toISOString());
    })();
    return added;
  }

  private async hashSecrets(data: Pick<IdentityUpdate, 'pin' | 'password' | 'knowledgeAnswers'>) {
    const knowledgeEntries = Object.entries(data.knowledgeAnswers ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    const [pin, password, ...knowledge] = await Promise.all([
      data.pin === undefined ? undefined : hashSecret(data.pin, this.scrypt),
      data.password === undefined ? undefined : hashSecret(data.password, this.scrypt),
      ...knowledgeEntries.map(([, answer]) => hashSecret(normaliseAnswer(answer), this.scrypt)),
    ]);
    return { pin, password, knowledge: Object.fromEntries(knowledgeEntries.map(([q], i) => [q, knowledge[i]!])) };
  }
}
