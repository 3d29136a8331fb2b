import type { EntityManager } from 'typeorm';
import type { Tx } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { StaffMember } from './staff-member.entity';
import type { StaffView } from './staff.dto';

/** The staff member, or NOT_FOUND. */
export async function findMember(manager: EntityManager, id: string): Promise<StaffMember> {
  const member = await manager.findOneBy(StaffMember, { id });
  if (!member) throw notFound('Staff member');
  return member;
}

/**
 * Reads the member under a row lock held until `tx` ends, so two changes of one account
 * (a role change and its approval, a reset and a confirmation) run one after the other
 * on any instance. On SQLite the write queue already admits one transaction at a time.
 */
export async function lockMember(tx: Tx, id: string): Promise<StaffMember> {
  if (tx.manager.connection.options.type !== 'better-sqlite3') {
    await tx.manager.query('SELECT id FROM staff_members WHERE id = ? FOR UPDATE', [id]);
  }
  return findMember(tx.manager, id);
}

export function staffView(member: StaffMember): StaffView {
  return {
    id: member.id,
    email: member.email,
    fullName: member.fullName,
    roles: member.roles,
    active: member.active,
    enrolled: member.passwordHash !== null,
    suspended: member.suspendedAt !== null,
    suspendedAt: member.suspendedAt?.toISOString() ?? null,
    paused: member.pausedAt !== null,
    pausedAt: member.pausedAt?.toISOString() ?? null,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}
