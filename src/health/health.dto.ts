import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Each indicator by name (`database`): `{ status: "up" | "down", ... }`. */
const indicator: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
};
const indicators = { type: 'object', additionalProperties: indicator } as const;

type Indicators = Record<string, { status: string }>;

/** Terminus's answer: `ok` when the process and the database answer. */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] })
  status!: string;
  @ApiPropertyOptional({ ...indicators, nullable: true })
  info?: Indicators | null;
  @ApiPropertyOptional({ ...indicators, nullable: true })
  error?: Indicators | null;
  @ApiProperty(indicators)
  details!: Indicators;
}
