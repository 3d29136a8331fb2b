import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { IdField } from '../common/id-param';
import { PageQuery } from '../common/pagination';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from './vocabulary';
import { BodyExample } from '../openapi/schema-extensions';

@BodyExample<CreateWebhookDto>({
  clientId: '6f1c2a4e-3b7d-4e8a-9c15-2d4b6e8f0a13',
  url: 'https://billing.fingram.kz/hooks/pd',
  events: ['consent.withdrawn', 'subject.blocked', 'contract.state_changed'],
})
export class CreateWebhookDto {
  /** The service client whose events these are. */
  @IdField()
  clientId!: string;

  @ApiProperty({
    format: 'uri',
    maxLength: 2048,
    example: 'https://billing.fingram.kz/hooks/pd',
    description:
      'https (http only with WEBHOOK_ALLOW_HTTP); no credentials; never a loopback, private or link-local address',
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    enum: WEBHOOK_EVENTS,
    isArray: true,
    minItems: 1,
    maxItems: WEBHOOK_EVENTS.length,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
}

@BodyExample<UpdateWebhookDto>({
  events: ['consent.granted', 'consent.withdrawn', 'subject.blocked', 'subject.unblocked'],
  active: true,
})
export class UpdateWebhookDto extends PartialType(PickType(CreateWebhookDto, ['url', 'events'])) {
  /** false stops deliveries to it; queued ones wait, failing, until it is active again. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IdField()
  clientId?: string;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  @ApiProperty({ format: 'uri' })
  url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events!: WebhookEvent[];
  active!: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class WebhookWithSecret extends WebhookView {
  /** Shown only in this answer: the key of X-PD-Signature. Store it in the client's secret store now. */
  secret!: string;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  eventId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS })
  eventType!: WebhookEvent;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;
  attempts!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The receiver’s status on the last attempt',
  })
  lastStatusCode!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'HTTP_<status>, TIMEOUT, PRIVATE_ADDRESS…',
  })
  lastError!: string | null;
  @ApiProperty({ format: 'date-time' })
  nextAttemptAt!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;
}
