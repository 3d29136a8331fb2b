import { applyDecorators } from '@nestjs/common';
import { IsIP, MaxLength } from 'class-validator';

/**
 * An IPv4 or IPv6 address a caller reports (a visitor's, a consent's). class-validator's
 * `IsIP` admits an IPv6 zone (`fe80::1%eth0`) of any length, so an "address" could fill a
 * whole body; 64 characters hold any address with an interface's name as its zone.
 */
export const IsIpAddress = (): PropertyDecorator => applyDecorators(IsIP(), MaxLength(64));
