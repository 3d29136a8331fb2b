import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SYSTEM_ORIGIN } from '../audit/audit-origin';
import { JobLocks } from '../database/job-locks';
import { Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { fieldFailures, validationFailed } from '../errors/validation';
import { EnrolmentTokens } from './enrolment-tokens';
import { Role } from './roles';
import { CreateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

const OFFICERS_SQL = `SELECT COUNT(*) AS n FROM staff_members WHERE roles LIKE '%"${Role.COMPLIANCE_OFFICER}"%'`;

export interface FirstOfficerEnrolment {
  id: string;
  email: string;
  /** For the server's operator to hand over; it is mailed to no one. */
  token: string;
  expiresAt: Date;
}

/**
 * `cli staff:first-officer <email> "<full name>"`: the one compliance officer that no
 * other officer approves, made on the server by whoever runs it (they hold the keys, so
 * this adds no power they lack). Refused once any account holds the role, whatever its
 * state: from then on officers come through POST /staff/:id/role-changes and another
 * officer's approval. The API never creates an officer alone.
 */
@Injectable()
export class FirstOfficer {
  constructor(
    private readonly staff: StaffService,
    private readonly enrolments: EnrolmentTokens,
    private readonly transactions: Transactions,
    private readonly locks: JobLocks,
  ) {}

  async create(email: string, fullName: string): Promise<FirstOfficerEnrolment> {
    const dto = plainToInstance(CreateStaffDto, {
      email,
      fullName,
      roles: [Role.COMPLIANCE_OFFICER],
    });
    const errors = await validate(dto);
    if (errors.length > 0) throw validationFailed(fieldFailures(errors));
    const member = this.staff.newMember({
      email: dto.email,
      fullName: dto.fullName,
      roles: [Role.COMPLIANCE_OFFICER],
      passwordHash: null,
    });
    const token = await this.transactions.run(async (tx) => {
      await this.locks.holdUntilEnd('staff:first-officer', tx);
      const [{ n }] = await tx.manager.query<Array<{ n: number | string }>>(OFFICERS_SQL);
      if (Number(n) > 0) {
        throw new AppError(
          'INVALID_STATE',
          'A compliance officer exists: further officers are proposed by an administrator and approved by an officer',
        );
      }
      return this.staff.insert(
        member,
        { ...SYSTEM_ORIGIN },
        (inner) => this.enrolments.issue(member.id, null, inner, { mail: false }),
        tx,
      );
    });
    const enrolment = await this.enrolments.usable(token);
    return { id: member.id, email: member.email, token, expiresAt: enrolment!.expiresAt };
  }
}
