// The residents' enrolled biometric templates: a grey image per finger (10), iris (Left, Right) and
// face, derived from syntheticPixels with the individualId as seed, kept in the bio_templates table.
import type Database from 'better-sqlite3';
import { FINGER_SUB_TYPES, IRIS_SUB_TYPES, type BioType } from '@signet-kiosk/shared/sbi';
import { SYNTHETIC_IMAGE_SIZE, syntheticPixels } from '@signet-kiosk/shared/sbi/testing';
import type { GrayImage } from './bio-matcher.js';

/** What every resident has enrolled; face has the sub-type `''`. */
export const ENROLLED_BIOMETRICS: readonly { type: BioType; subType: string }[] = [
  ...FINGER_SUB_TYPES.filter((s) => s !== 'UNKNOWN').map((subType) => ({ type: 'Finger' as const, subType })),
  ...IRIS_SUB_TYPES.filter((s) => s !== 'UNKNOWN').map((subType) => ({ type: 'Iris' as const, subType })),
  { type: 'Face', subType: '' },
];

/** Stands in for a resident who does not exist, so that an unknown ID costs the same match work. */
const NOBODY = '\0not-a-resident';

/** The enrolled sub-type(s) a capture of `type`/`subType` is compared with: all of them for UNKNOWN (finger, iris). */
export function comparedSubTypes(type: BioType, subType: string): string[] {
  if (type === 'Face') return [''];
  if (subType === 'UNKNOWN') return ENROLLED_BIOMETRICS.filter((b) => b.type === type).map((b) => b.subType);
  return ENROLLED_BIOMETRICS.some((b) => b.type === type && b.subType === subType) ? [subType] : [];
}

function syntheticTemplate(seed: string, type: BioType, subType: string): GrayImage {
  return { ...SYNTHETIC_IMAGE_SIZE[type], pixels: syntheticPixels(seed, type, subType) };
}

interface Row {
  width: number;
  height: number;
  pixels: Buffer;
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      'INSERT OR IGNORE INTO bio_templates (individual_id, bio_type, sub_type, width, height, pixels, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    get: db.prepare<[string, string, string], Row>(
      'SELECT width, height, pixels FROM bio_templates WHERE individual_id = ? AND bio_type = ? AND sub_type = ?',
    ),
    resident: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM residents WHERE individual_id = ?'),
    unenrolled: db.prepare<[], { individual_id: string }>(
      'SELECT individual_id FROM residents WHERE individual_id NOT IN (SELECT individual_id FROM bio_templates)',
    ),
  };
}

/** Templates kept in memory (a few MB): they never change for an individualId, as they derive from it. */
const CACHE_SIZE = 2000;

export class BioTemplates {
  private readonly stmt: ReturnType<typeof prepare>;
  private readonly nobody = new Map<string, GrayImage>();
  private readonly cache = new Map<string, GrayImage>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = prepare(db);
  }

  /** Stores every template of a resident that is not stored yet (the seed is the individualId). */
  enrol(individualId: string): void {
    this.db.transaction(() => {
      for (const { type, subType } of ENROLLED_BIOMETRICS) {
        const t = syntheticTemplate(individualId, type, subType);
        this.stmt.insert.run(individualId, type, subType, t.width, t.height, t.pixels, this.now());
      }
    })();
  }

  /** Enrols every resident who has no template yet (new seed residents, data folders from before BIO); returns how many. */
  enrolMissing(): number {
    const ids = this.stmt.unenrolled.all().map((r) => r.individual_id);
    for (const id of ids) this.enrol(id);
    return ids.length;
  }

  /**
   * The templates a capture is matched against (see comparedSubTypes). An unknown individual gets
   * stand-in templates and `known: false`; a resident without templates is enrolled on the spot.
   */
  forMatching(individualId: string, type: BioType, subType: string): { known: boolean; templates: GrayImage[] } {
    const subTypes = comparedSubTypes(type, subType);
    if (!this.stmt.resident.get(individualId))
      return { known: false, templates: subTypes.map((s) => this.nobodys(type, s)) };
    const templates: GrayImage[] = [];
    for (const s of subTypes) {
      const t = this.template(individualId, type, s);
      if (t) templates.push(t);
    }
    return { known: true, templates };
  }

  /** One stored template (enrolling the resident if it is missing), through the cache. */
  private template(individualId: string, type: BioType, subType: string): GrayImage | undefined {
    const key = `${individualId}|${type}|${subType}`;
    let t = this.cache.get(key);
    if (t) return t;
    let row = this.stmt.get.get(individualId, type, subType);
    if (!row) {
      this.enrol(individualId);
      row = this.stmt.get.get(individualId, type, subType);
      if (!row) return undefined;
    }
    t = { width: row.width, height: row.height, pixels: row.pixels };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, t);
    return t;
  }

  private nobodys(type: BioType, subType: string): GrayImage {
    const key = `${type}|${subType}`;
    let t = this.nobody.get(key);
    if (!t) this.nobody.set(key, (t = syntheticTemplate(NOBODY, type, subType)));
    return t;
  }
}
