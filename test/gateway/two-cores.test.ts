// Two console cores against one PostgreSQL (issue 20, "concurrency"): each core is what console-app.ts connect()
// assembles for a project (supabase-js client → auth service → domain handlers → IPC router), with its own gateway
// and its own pool on the pg executor, on one database cloned from the seeded template (as two staff members'
// apps on one project). Two people act on the same rows at the same moment, 50 times over different rows:
//   • a moderator and an admin decide the same review at the version both read: exactly one decision is recorded,
//     the other is refused with a conflict naming who decided, what the review now is, and when;
//   • two finance people refund the same payment with their own idempotency keys, for amounts that together exceed
//     it (or both "the remainder"): the ledger never holds more than the payment, payments.refund_amount is the
//     ledger's sum, and the one refused is told the remainder left (or, when the other took all of it, that the
//     payment is refunded now).
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { totpCode } from '../../electron/main/local-backend/gotrue-mfa.js';
import { randomJwtSecret } from '../../electron/main/local-backend/jwt.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { createAuthService, type AuthService } from '../../electron/main/session/auth-service.js';
import { createMfaService, scratchClientFor } from '../../electron/main/session/mfa.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient } from '../../electron/main/session/supabase-client.js';
import type { Result } from '../../shared/ipc/contract.js';
import { useTestDatabase } from '../support/db.js';
import { fakeBox } from '../main/fake-box.js';
import { PASSWORD, routerFor, value, type Invoke } from '../main/services-roles.js';

const db = useTestDatabase();
const URL_ = 'http://project.humanglue';
const ROUNDS = 50;
const executors: SqlExecutor[] = [];
/** Calls that must meet: each waits at its own gateway's door until the other person's call is there too. */
const RACED = /\/rest\/v1\/rpc\/(decide_review|refund_payment)$/;
let meeting: { arrived: number; open: () => void; gate: Promise<void> } | undefined;
let met = 0;
const services: AuthService[] = [];
let secret: string;

interface Core {
  email: string;
  name: string;
  invoke: Invoke;
}

/** One staff member's console: its own pool and gateway on the shared database, its own client and session. */
async function core(email: string): Promise<Core> {
  const executor = pgExecutor({ ...db.server, database: db.name, max: 3 });
  executors.push(executor);
  const gateway: Gateway = await createGateway({ executor, jwtSecret: secret });
  const storage = createSessionStorage({ box: fakeBox(), file: join(tmpdir(), `hg-two-cores-${randomBytes(6).toString('hex')}.bin`) });
  const client = createConsoleClient({ url: URL_, apiKey: gateway.publishableKey, fetch: together(gateway.fetch), storage });
  const auth = createAuthService({ client, storage });
  services.push(auth);
  const mfa = createMfaService({ client, scratchClient: scratchClientFor(URL_, gateway.publishableKey, gateway.fetch) });
  const { invoke } = routerFor(auth, mfa);
  value(await invoke('auth:sign-in', { email, password: PASSWORD }));
  const { rows } = await db.owner.query<{ full_name: string }>(`select full_name from public.users where email = $1`, [email]);
  return { email, name: rows[0]!.full_name, invoke };
}

/**
 * Holds a raced call at the gateway until the other core's call for the same round has arrived, then lets both go on
 * in the same tick: whichever the database serves first is then up to it, not to which core's client was quicker
 * (on a busy machine one core was first in all 50 rounds, so nothing raced). A partner that never comes fails the
 * call after 10 s.
 */
function together(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!RACED.test(new URL(url).pathname)) return fetch(input, init);
    if (!meeting) {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      meeting = { arrived: 0, open, gate };
    }
    const here = meeting;
    here.arrived += 1;
    if (here.arrived === 2) {
      meeting = undefined;
      met += 1;
      here.open();
    }
    let timer: NodeJS.Timeout | undefined;
    const alone = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the other core's call never arrived")), 10_000);
    });
    try {
      await Promise.race([here.gate, alone]);
    } finally {
      clearTimeout(timer);
    }
    return fetch(input, init);
  };
}

/** Refunds need aal2 (014): enrol a factor and verify a code through the core, as the console's prompt does. */
async function secondFactor(person: Core): Promise<void> {
  const factor = value(await person.invoke('mfa:enroll', { friendly_name: `Two cores ${person.email}` }));
  value(await person.invoke('mfa:verify', { factor_id: factor.factor_id, code: totpCode(factor.secret, new Date()) }));
}

/** The one that answered ok and the one that did not; fails when both or neither did. */
function winnerAndLoser<T>(results: [Result<T>, Result<T>]): { winner: 0 | 1; ok: T; refused: Extract<Result<T>, { ok: false }>['error'] } {
  const oks = results.filter((result) => result.ok).length;
  expect(oks, JSON.stringify(results)).toBe(1);
  const winner = results[0].ok ? 0 : 1;
  const won = results[winner] as Extract<Result<T>, { ok: true }>;
  const lost = results[1 - winner] as Extract<Result<T>, { ok: false }>;
  return { winner, ok: won.value, refused: lost.error };
}

const toSecond = (at: Date) => at.toISOString().replace(/\.\d+Z$/, 'Z');

beforeAll(() => {
  secret = randomJwtSecret(); // one project: both gateways sign and accept the same tokens, as PostgREST replicas do
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  await Promise.all(executors.map((executor) => executor.close()));
});

describe('two moderators decide the same reviews at once', () => {
  it(
    `records exactly one decision per review and tells the other who decided what and when (${ROUNDS} reviews)`,
    { timeout: 60_000 },
    async () => {
      const people = await Promise.all([core('moderator@humanglue.dev'), core('admin@humanglue.dev')]);
      const queue = value(await people[0].invoke('reviews:list', { filters: { status: ['pending'] }, limit: ROUNDS }));
      expect(queue.rows.length).toBe(ROUNDS);
      const wins = [0, 0];
      met = 0;

      for (const [i, review] of queue.rows.entries()) {
        // Both read the review at the same version and decide differently; who wins is up to the database.
        const inputs = [
          { decision: 'approve' as const },
          i % 2 === 0 ? { decision: 'reject' as const, reason: 'spam' as const } : { decision: 'flag' as const },
        ];
        const statuses = ['approved', i % 2 === 0 ? 'rejected' : 'flagged'];
        const results = (await Promise.all(
          people.map((person, n) =>
            person.invoke('reviews:decide', { review_id: review.id, expected_version: review.version, ...inputs[n]! }),
          ),
        )) as [Result<{ status: string; version: number }>, Result<{ status: string; version: number }>];
        const { winner, ok, refused } = winnerAndLoser(results);
        wins[winner]! += 1;
        const by = people[winner]!;
        expect(ok).toMatchObject({ status: statuses[winner], version: review.version + 1 });

        // What the database holds: the winner's decision, once.
        const { rows } = await db.owner.query<{ status: string; version: number; decided_by: string; decided_at: Date; decisions: number }>(
          `select r.status, r.version, d.decided_by, d.decided_at,
                (select count(*)::int from console.review_decisions x where x.review_id = r.id) as decisions
           from public.reviews r join console.review_decisions d on d.review_id = r.id
          where r.id = $1`,
          [review.id],
        );
        expect(rows).toHaveLength(1);
        const stored = rows[0]!;
        expect(stored).toMatchObject({ status: statuses[winner], version: review.version + 1, decisions: 1 });

        // The loser is told, in words, who decided and when; what the review now is comes with it.
        expect(refused).toMatchObject({
          code: 'conflict',
          message: `already decided by ${by.name} at ${toSecond(stored.decided_at)}`,
          details: { by: by.name, by_id: stored.decided_by, status: statuses[winner], version: review.version + 1 },
        });
      }
      console.log(`reviews: ${people[0].email} won ${wins[0]}, ${people[1].email} won ${wins[1]}`);
      // Every round's two calls were at the gateway together before either went on: they really met.
      expect(met).toBe(ROUNDS);
    },
  );
});

describe('two finance people refund the same payments at once', () => {
  it(
    `never refunds more than a payment, keeps refund_amount equal to the ledger, and tells the other the remainder (${ROUNDS} payments)`,
    { timeout: 60_000 },
    async () => {
      const people = await Promise.all([core('finance@humanglue.dev'), core('finance2@humanglue.dev')]);
      // One after the other: two challenges in the same millisecond collide on auth.mfa_factors.last_challenged_at
      // (unique, as in GoTrue's schema) and the gateway answers 500 (see the issue 20 report); the race here is refunds.
      for (const person of people) await secondFactor(person);
      const tag = `TWO-${randomBytes(3).toString('hex')}`;
      const { rows: payer } = await db.owner.query<{ id: string }>(`select id from public.users where email = 'user@humanglue.dev'`);
      // 50 manual payments of 100.00 USD, below the approval threshold: a refund succeeds at once.
      const { rows: payments } = await db.owner.query<{ id: string }>(
        `insert into public.payments (user_id, amount, currency, provider, status, payment_type, invoice_number)
       select $1, 100, 'USD', 'manual', 'succeeded', 'other', $2 || '-' || lpad(n::text, 3, '0') from generate_series(1, $3::int) n
       returning id`,
        [payer[0]!.id, tag, ROUNDS],
      );
      const wins = [0, 0];
      met = 0;

      for (const [i, payment] of payments.entries()) {
        // 60 + 70 > 100 (which of the two asks for more alternates); every third payment, both ask for "the remainder".
        const both = i % 3 === 2;
        const amounts = both ? [undefined, undefined] : i % 2 === 0 ? [60, 70] : [70, 60];
        const results = (await Promise.all(
          people.map((person, n) =>
            person.invoke('payments:refund', {
              payment_id: payment.id,
              ...(amounts[n] === undefined ? {} : { amount: amounts[n] }),
              reason: 'requested_by_customer',
              idempotency_key: randomUUID(),
            }),
          ),
        )) as [Result<{ amount: number; payment_refundable: number }>, Result<{ amount: number; payment_refundable: number }>];
        const { winner, ok, refused } = winnerAndLoser(results);
        wins[winner]! += 1;
        const refunded = amounts[winner] ?? 100;
        expect(ok).toMatchObject({ amount: refunded, payment_refundable: 100 - refunded });

        const { rows } = await db.owner.query<{ amount: number; refund_amount: number; status: string; ledger: number; rows: number }>(
          `select p.amount, p.refund_amount, p.status,
                coalesce(sum(r.amount) filter (where r.status in ('pending_approval', 'pending', 'succeeded')), 0) as ledger,
                count(r.id)::int as rows
           from public.payments p left join public.payment_refunds r on r.payment_id = p.id
          where p.id = $1 group by p.id`,
          [payment.id],
        );
        const stored = rows[0]!;
        expect(Number(stored.ledger)).toBeLessThanOrEqual(Number(stored.amount));
        expect({ rows: stored.rows, ledger: Number(stored.ledger), refund_amount: Number(stored.refund_amount) }).toEqual({
          rows: 1,
          ledger: refunded,
          refund_amount: refunded,
        });
        expect(stored.status).toBe(refunded === 100 ? 'refunded' : 'partially_refunded');

        // The other is told what is left, in the payment's currency, at the field they typed; when the first took all
        // of it, that the payment is refunded now (the remainder is 0).
        const left = (100 - refunded).toFixed(2);
        if (both) {
          expect(refused).toMatchObject({
            code: 'conflict',
            message: `payment ${payment.id} is refunded: only succeeded or partially refunded payments can be refunded`,
            details: { status: 'refunded' },
          });
        } else {
          expect(refused).toMatchObject({
            code: 'validation',
            field: 'amount',
            message: `amount: ${amounts[1 - winner]} exceeds the refundable remainder of ${left} USD`,
            details: { remainder: Number(left), currency: 'USD' },
          });
        }
      }
      console.log(`refunds: ${people[0].email} won ${wins[0]}, ${people[1].email} won ${wins[1]}`);
      expect(met).toBe(ROUNDS);

      // Over all of them: no payment's ledger exceeds it, and each payment's refund_amount is its ledger's sum.
      const { rows: totals } = await db.owner.query<{ over: number; drift: number; refunds: number }>(
        `select count(*) filter (where l.sum > p.amount)::int as over,
              count(*) filter (where p.refund_amount <> l.succeeded)::int as drift,
              sum(l.n)::int as refunds
         from public.payments p
         cross join lateral (select coalesce(sum(r.amount) filter (where r.status in ('pending_approval', 'pending', 'succeeded')), 0) as sum,
                                    coalesce(sum(r.amount) filter (where r.status = 'succeeded'), 0) as succeeded, count(r.id) as n
                               from public.payment_refunds r where r.payment_id = p.id) l
        where p.invoice_number like $1`,
        [`${tag}-%`],
      );
      expect(totals[0]).toEqual({ over: 0, drift: 0, refunds: ROUNDS });
    },
  );
});
