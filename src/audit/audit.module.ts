import { ActorActivity } from './actor-activity';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessLogController } from './access-log.controller';
import { AuditChain } from './audit-chain.entity';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log';
import { AuditTrail } from './audit-trail';
import { AuditVerifier } from './audit-verifier';
import { AuditController } from './audit.controller';
import { AuditAnchors } from './audit-anchors';
import { LaneRegistry } from './lane-registry';
import { OrphanLanes } from './orphan-lanes';

/**
 * Not global on purpose: Nest shuts non-global modules down before global ones, so the
 * final checkpoint (`onApplicationShutdown`) runs after the HTTP server has drained its
 * in-flight requests and before the global TypeORM module closes the database.
 */
@Module({ providers: [AuditCheckpoints, OrphanLanes], exports: [AuditCheckpoints, OrphanLanes] })
export class AuditCheckpointsModule {}

/** Shared infrastructure: every feature records through AuditTrail. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, AuditChain]), AuditCheckpointsModule],
  controllers: [AuditController, AccessLogController],
  providers: [LaneRegistry, AuditTrail, AuditVerifier, AuditAnchors, AuditLog, ActorActivity],
  exports: [LaneRegistry, AuditTrail, AuditVerifier, AuditAnchors, AuditLog, ActorActivity],
})
export class AuditModule {}
