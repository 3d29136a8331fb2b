import { isURL, ValidateBy } from 'class-validator';
import { declareRuleSchema } from '../openapi/limits';

/** validator.js's own default, stated: an address is read only up to this length. */
const WEB_URL_MAX_LENGTH = 2084;
declareRuleSchema('isWebUrl', { maxLength: WEB_URL_MAX_LENGTH });

/**
 * A web address (http or https). class-validator's `IsUrl` admits hosts that the WHATWG
 * URL parser, which the service then reads them with, refuses (a right-to-left override
 * inside the host name passed `IsUrl` and made `new URL(...)` throw: a 500). So an address
 * is accepted only when both agree and the parsed protocol is http or https. Every DTO
 * declares an address through this one (lint refuses `IsUrl`).
 */
function webUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const options = {
    protocols: ['http', 'https'],
    require_protocol: true,
    require_tld: false,
    max_allowed_length: WEB_URL_MAX_LENGTH,
  };
  if (value.length > WEB_URL_MAX_LENGTH || !isURL(value, options)) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** An http or https address that `new URL(...)` reads. */
export const IsWebUrl = (): PropertyDecorator =>
  ValidateBy({
    name: 'isWebUrl',
    validator: {
      validate: webUrl,
      defaultMessage: () => '$property must be an http or https address',
    },
  });
